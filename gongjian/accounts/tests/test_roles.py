"""Role assignments change through the service, with the change log; the admin only reads."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongjian.accounts import services
from gongjian.accounts.models import Role, RoleAssignment
from gongjian.core.changelog import history_for
from gongjian.core.models import ObjectChange

pytestmark = pytest.mark.django_db


def test_assigning_and_removing_a_role_is_logged_in_the_persons_history(world):
    person = world.people["张江滨"]  # holds the member login of build_world
    user = person.user
    before = ObjectChange.objects.count()
    ra = services.role_assign(actor=world.users["district"], user=user, role=Role.ORG_LIAISON, scope=world.orgs["江滨单位"])
    assert services.role_assign(actor=world.users["district"], user=user, role=Role.ORG_LIAISON, scope=world.orgs["江滨单位"]) == ra
    services.role_remove(actor=world.users["district"], assignment=ra)
    rows = list(ObjectChange.objects.order_by("id")[before:])
    assert [r.action for r in rows] == ["create", "delete"] and all(r.actor == world.users["district"] for r in rows)
    assert {r.pk for r in rows} <= {r.pk for r in history_for(person)}
    assert not RoleAssignment.objects.filter(pk=ra.pk).exists()


def test_the_admin_only_reads_domain_models(world, client):
    admin = get_user_model().objects.create_superuser("root", password="x-very-secret-9")
    client.force_login(admin)
    ra = RoleAssignment.objects.filter(user=world.users["community"]).get()
    assert client.get(reverse("admin:accounts_roleassignment_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_roleassignment_add")).status_code == 403
    resp = client.post(reverse("admin:accounts_roleassignment_delete", args=[ra.pk]), {"post": "yes"})
    assert resp.status_code == 403 and RoleAssignment.objects.filter(pk=ra.pk).exists()
    person = world.people["李江滨"]
    resp = client.post(reverse("admin:registry_person_change", args=[person.pk]), {"name": "改名", "community": person.community_id})
    person.refresh_from_db()
    assert resp.status_code in (200, 403) and person.name == "李江滨"
    assert client.get(reverse("admin:registry_person_add")).status_code == 403


def test_the_roles_command_gives_and_takes_a_role_through_the_service(world):
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("roles", "nobody", "--add", "community_party", "jiangbin", stdout=out)
    ra = RoleAssignment.objects.get(user=world.users["nobody"])
    assert ra.community == world.communities["江滨社区"] and "江滨社区" in out.getvalue()
    assert ObjectChange.objects.filter(object_id=ra.pk, content_type__model="roleassignment", action="create", source="cli").exists()
    call_command("roles", "nobody", "--remove", "community_party", "江滨社区", stdout=io.StringIO())
    assert not RoleAssignment.objects.filter(user=world.users["nobody"]).exists()
    with pytest.raises(CommandError):
        call_command("roles", "nobody", "--add", "community_party", "无此社区", stdout=io.StringIO())
