import pytest

from gongjian.accounts.scope import get_scope
from gongjian.core.changelog import history_for
from gongjian.core.exceptions import ConflictError
from gongjian.core.masking import mask_address, mask_mobile, mask_name
from gongjian.registry import selectors, services
from gongjian.registry.models import Organisation, Person
from gongjian.registry.slugs import pinyin_slug


def test_mask_mobile():
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_mobile("") == ""
    assert mask_mobile("0598-8231234") == "059****1234"
    assert "1234" not in mask_mobile("12345")


def test_mask_address_and_name():
    assert mask_address("江滨小区3幢2单元201") == "江滨小区****"
    assert "201" not in mask_address("江滨小区3幢2单元201")
    assert mask_name("欧阳娜娜") == "欧***"


def test_pinyin_slug():
    assert pinyin_slug("江滨社区") == "jiangbin"
    assert pinyin_slug("列东街道") == "liedongjiedao"


@pytest.mark.django_db
def test_community_slug_is_unique(world):
    dup = services.community_create(actor=None, street=world.streets["列西街道"], name="江滨社区")
    assert dup.slug == "jiangbin2"


@pytest.mark.django_db
def test_update_writes_one_change_with_actor_and_diff(world):
    person = world.people["李江滨"]
    user = world.users["community"]
    services.person_update(actor=user, person=person, specialties="电工")
    change = history_for(person).first()
    assert change.action == "update" and change.actor == user
    assert ("specialties", "法律、调解", "电工") in change.diff()
    person.refresh_from_db()
    assert person.version == 2


@pytest.mark.django_db
def test_update_without_change_writes_nothing(world):
    person = world.people["李江滨"]
    n = history_for(person).count()
    services.person_update(actor=None, person=person, specialties=person.specialties)
    assert history_for(person).count() == n


@pytest.mark.django_db
def test_stale_version_is_refused(world):
    person = world.people["李江滨"]
    services.person_update(actor=None, person=person, specialties="电工")
    with pytest.raises(ConflictError):
        services.person_update(actor=None, person=person, expected_version=1, specialties="医疗")
    person.refresh_from_db()
    assert person.specialties == "电工"


@pytest.mark.django_db
def test_service_validates(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.organisation_create(actor=None, community=world.communities["江滨社区"], name="无性质单位", kind=Organisation.Kind.RESIDENT_UNIT)
    with pytest.raises(ValidationError):
        services.person_create(actor=None, community=world.communities["江滨社区"], name="甲", category=Person.Category.NO_POST_MEMBER, is_party_member=False)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["district", "street", "street_west", "community", "liaison", "member", "resident", "nobody"])
def test_predicates_agree_with_selectors(world, role):
    """For every fixture object: the selector lists it exactly when the object permission holds."""
    user = world.users[role]
    seen_orgs = set(selectors.organisation_list(user=user).values_list("pk", flat=True))
    for org in Organisation.objects.all():
        may = user.has_perm("registry.view_organisation") and (
            user.has_perm("registry.change_organisation", org) or get_scope(user).covers_community(org.community_id, staff_only=True)
        )
        assert (org.pk in seen_orgs) == may, (role, org)
    seen_people = set(selectors.person_list(user=user).values_list("pk", flat=True))
    for person in Person.objects.all():
        full = user.has_perm("registry.view_personal_data", person)
        if full:
            assert person.pk in seen_people, (role, person)
        if person.pk in seen_people and not full:
            # Seen but not in full: only through the user's own organisation, or one's own record.
            via_org = person.affiliations.filter(organisation_id__in=get_scope(user).organisation_ids).exists()
            assert via_org or person.pk in get_scope(user).person_ids, (role, person)
