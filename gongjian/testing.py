"""Test helpers: a small district with one user for every role (the ``world`` fixture).

At the project level, not in core: it builds registry and accounts objects."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from gongjian.accounts.models import Role
from gongjian.registry import services
from gongjian.registry.models import Affiliation, Organisation, Person

PASSWORD = "test-pass-123"


@dataclass
class World:
    district: object = None
    streets: dict = field(default_factory=dict)
    communities: dict = field(default_factory=dict)
    orgs: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)


def make_user(username: str, *, role: str | None = None, **scope):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    if role:
        from gongjian.accounts.services import role_assign

        ((_field, target),) = scope.items()
        role_assign(actor=None, user=user, role=role, scope=target)
    return user


def build_world() -> World:
    """Two streets; 江滨 and 东霞 in 列东, 富兴 in 列西; a unit, a mass organisation and
    people in each; one user per role, scoped to 列东 / 江滨 where it has a scope."""
    from gongjian.registry.models import District

    w = World()
    w.district = District.objects.create(name="梅列区", city="三明市")
    for name in ("列东街道", "列西街道"):
        w.streets[name] = services.street_create(actor=None, district=w.district, name=name)
    for name, street in (("江滨社区", "列东街道"), ("东霞社区", "列东街道"), ("富兴社区", "列西街道")):
        w.communities[name] = services.community_create(actor=None, street=w.streets[street], name=name)
    for k, (cname, c) in enumerate(w.communities.items()):
        short = cname[:2]
        w.orgs[f"{short}单位"] = services.organisation_create(
            actor=None, community=c, name=f"{short}供电所", kind=Organisation.Kind.RESIDENT_UNIT, unit_kind=Organisation.UnitKind.STATE_ENTERPRISE,
            contact_name="王主任", contact_phone="13800000001",
        )
        w.orgs[f"{short}团支部"] = services.organisation_create(
            actor=None, community=c, name=f"{short}社区团支部", kind=Organisation.Kind.MASS, mass_kind=Organisation.MassKind.YOUTH_LEAGUE
        )
        for i, (pname, category, member) in enumerate(
            (("张", Person.Category.NO_POST_MEMBER, True), ("李", Person.Category.ACTIVIST, False))
        ):
            p = services.person_create(
                actor=None, community=c, name=f"{pname}{short}", mobile=f"1390000{k:02d}{i:02d}",
                category=category, is_party_member=member, address=f"{short}小区3幢201", specialties="法律、调解",
            )
            w.people[f"{pname}{short}"] = p
        services.affiliation_set(actor=None, person=w.people[f"张{short}"], organisation=w.orgs[f"{short}单位"], role=Affiliation.Role.LIAISON)
    jb = w.communities["江滨社区"]
    w.users["district"] = make_user("district", role=Role.DISTRICT_OFFICE, district=w.district)
    w.users["street"] = make_user("street", role=Role.STREET_COMMITTEE, street=w.streets["列东街道"])
    w.users["street_west"] = make_user("street_west", role=Role.STREET_COMMITTEE, street=w.streets["列西街道"])
    w.users["community"] = make_user("community", role=Role.COMMUNITY_PARTY, community=jb)
    w.users["liaison"] = make_user("liaison", role=Role.ORG_LIAISON, organisation=w.orgs["江滨单位"])
    member = make_user("member", role=Role.MEMBER, person=w.people["张江滨"])
    w.people["张江滨"].user = member
    w.people["张江滨"].save(update_fields=["user"])
    w.users["member"] = member
    w.users["resident"] = make_user("resident", role=Role.RESIDENT, community=jb)
    w.users["nobody"] = make_user("nobody")
    return w
