"""Personal data the registry must not leak to roles that see it masked: search on the mobile,
home coordinates in exports."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongjian.registry import services

pytestmark = pytest.mark.django_db


def test_people_search_never_matches_a_mobile_the_user_sees_masked(world, login):
    person = world.people["张江滨"]  # on the liaison's list through its unit, mobile masked
    tail = person.mobile[-5:]
    liaison = login(world.users["liaison"])
    assert "张江滨" in liaison.get(reverse("registry:person_list")).content.decode()
    assert "张江滨" not in liaison.get(reverse("registry:person_list"), {"q": tail}).content.decode()
    assert "张江滨" not in liaison.get(reverse("registry:person_list"), {"q": person.mobile}).content.decode()
    staff = login(world.users["community"])
    assert "张江滨" in staff.get(reverse("registry:person_list"), {"q": tail}).content.decode()


def _rows(content):
    ws = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    width = len(rows[0])
    return [r + [None] * (width - len(r)) for r in rows]


def test_an_export_to_a_masked_role_drops_home_coordinates(world, login):
    person = world.people["张江滨"]
    services.person_update(actor=None, person=person, lat="26.263512", lng="117.638201")
    rows = _rows(login(world.users["liaison"]).get(reverse("registry:io_export", args=["people"])).content)
    header, row = rows[0], rows[1]
    assert row[header.index("纬度")] in (None, "") and row[header.index("经度")] in (None, "")
    assert "26.263512" not in str(rows) and "117.638201" not in str(rows)
    rows = _rows(login(world.users["community"]).get(reverse("registry:io_export", args=["people"])).content)
    header = rows[0]
    mine = next(r for r in rows[1:] if r[1] == "张江滨")
    assert str(mine[header.index("纬度")]).startswith("26.2635")
