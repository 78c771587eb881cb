"""Registry imports against odd and hostile sheets: a stale export, mixed-width and +86
mobiles, identical rows without a mobile, a bomb and a hidden first sheet through the page."""

import io
import zipfile

from django.urls import reverse
from openpyxl import Workbook

from gongjian.core.models import ObjectChange
from gongjian.registry import services
from gongjian.registry.models import Person

from .test_io import error_rows, post_sheet, read_sheet, sheet_bytes

HEADERS = ["姓名", "社区", "手机号"]


def test_an_older_export_reimported_is_refused_naming_the_row_unless_overwriting(world, login):
    client = login(world.users["community"])
    data = client.get(reverse("registry:io_export", args=["people"])).content
    rows = [list(r) for r in read_sheet(data)]
    header = rows[0]
    assert header[-1] == "版本"
    person = world.people["李江滨"]
    # Someone edits the person after the export.
    services.person_update(actor=world.users["community"], person=person, specialties="心理咨询")
    row = next(r for r in rows[1:] if r[1] == "李江滨")
    number = rows.index(row) + 1
    changes = ObjectChange.objects.count()
    html = post_sheet(client, "people", sheet_bytes(header, rows[1:])).content.decode()
    errors = error_rows(html)
    assert len(errors) == 1 and errors[0][0] == str(number)
    assert f"第 {number} 行" in errors[0][2] and "覆盖" in errors[0][2]
    assert ObjectChange.objects.count() == changes
    person.refresh_from_db()
    assert person.specialties == "心理咨询"
    # Ticking "overwrite" takes the sheet as it is.
    from .test_io import upload

    client.post(reverse("registry:io_import", args=["people"]), {"file": upload(sheet_bytes(header, rows[1:])), "overwrite": "on"})
    person.refresh_from_db()
    assert person.specialties == "法律、调解"


def test_the_export_hides_the_version_column_and_the_template_leaves_it_out(world, login):
    from openpyxl import load_workbook

    client = login(world.users["community"])
    data = client.get(reverse("registry:io_export", args=["people"])).content
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    last = ws.cell(row=1, column=ws.max_column)
    assert last.value == "版本" and ws.column_dimensions[last.column_letter].hidden
    template = client.get(reverse("registry:io_template", args=["people"])).content
    assert "版本" not in [c.value for c in load_workbook(io.BytesIO(template)).worksheets[0][1]]


def test_mixed_width_and_plus86_mobiles_are_stored_as_ascii_and_found_as_duplicates(world, login):
    client = login(world.users["community"])
    sheet = sheet_bytes(HEADERS, [["全角", "江滨社区", "139０５９８００１２"], ["带区号", "江滨社区", "+86 139-0598-0013"]])
    post_sheet(client, "people", sheet)
    assert set(Person.objects.filter(name__in=["全角", "带区号"]).values_list("mobile", flat=True)) == {"13905980012", "13905980013"}
    # The same number in another spelling is the same number: a duplicate.
    html = post_sheet(client, "people", sheet_bytes(HEADERS, [["又一个", "江滨社区", "13905980012"]])).content.decode()
    assert any("手机号" == e[1] for e in error_rows(html))
    assert not Person.objects.filter(name="又一个").exists()


def test_digits_of_other_scripts_are_refused_by_the_model():
    import pytest
    from django.core.exceptions import ValidationError

    from gongjian.registry.models import mobile_validator

    with pytest.raises(ValidationError):
        mobile_validator("١٣٩٠٥٩٨٠٠١٢")
    mobile_validator("13905980012")


def test_the_person_form_takes_a_mobile_as_typed(world, login):
    client = login(world.users["community"])
    person = world.people["李江滨"]
    page = client.get(reverse("registry:person_edit", args=[person.pk])).content.decode()
    assert 'name="version"' in page
    data = {
        "name": person.name, "mobile": "＋８６ １３９０５９８００１４", "community": person.community_id, "address": person.address,
        "category": person.category, "is_party_member": "", "specialties": "", "version": person.version,
    }
    client.post(reverse("registry:person_edit", args=[person.pk]), data)
    person.refresh_from_db()
    assert person.mobile == "13905980014"


def test_identical_rows_without_a_mobile_are_flagged(world, login):
    client = login(world.users["community"])
    html = post_sheet(client, "people", sheet_bytes(HEADERS, [["王五", "江滨社区", None], ["王五", "江滨社区", None]])).content.decode()
    errors = error_rows(html)
    assert [e[0] for e in errors] == ["3"]
    assert not Person.objects.filter(name="王五").exists()


def test_a_bomb_through_the_upload_page_is_refused_in_chinese(world, login, settings):
    settings.GONGJIAN_IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    good = sheet_bytes(HEADERS, [["甲", "江滨社区", None]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("xl/media/pad.bin", b"\0" * (2 * 1024 * 1024))
    client = login(world.users["community"])
    response = post_sheet(client, "people", out.getvalue())
    assert response.status_code == 200
    assert "工作簿过大" in response.content.decode()
    assert not Person.objects.filter(name="甲").exists()
    # The server answers the next request as usual.
    assert client.get(reverse("registry:io_home")).status_code == 200


def test_a_hidden_first_sheet_is_not_what_gets_imported(world, login):
    wb = Workbook()
    old = wb.active
    old.append(HEADERS)
    old.append(["隐藏的人", "江滨社区", None])
    old.sheet_state = "hidden"
    new = wb.create_sheet("导入")
    new.append(HEADERS)
    new.append(["看得见的人", "江滨社区", None])
    buf = io.BytesIO()
    wb.save(buf)
    client = login(world.users["community"])
    post_sheet(client, "people", buf.getvalue())
    assert Person.objects.filter(name="看得见的人").exists()
    assert not Person.objects.filter(name="隐藏的人").exists()


def test_a_district_import_moving_a_person_to_another_community_lists_the_move(world, login):
    client = login(world.users["district"])
    person = world.people["李江滨"]
    html = post_sheet(client, "people", sheet_bytes(["ID", "姓名", "社区"], [[person.pk, person.name, "富兴社区"]])).content.decode()
    assert 'data-testid="import-notes"' in html
    assert f"{person.name}（ID {person.pk}）从江滨社区调到富兴社区" in html
