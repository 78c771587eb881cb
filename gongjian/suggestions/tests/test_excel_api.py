"""Campaigns per period, the campaign pages (edit, close), Excel (a paper batch imported all or
nothing with Chinese row/column errors; the export masked by scope), the suggestions API (no
contact fields; staff enter a paper suggestion) and the pages' query-count pins."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from gongjian.accounts.tokens import token_create
from gongjian.core import xlsx
from gongjian.core.exceptions import ApplicationError
from gongjian.core.models import ObjectChange
from gongjian.suggestions import io as suggestions_io
from gongjian.suggestions import services
from gongjian.suggestions.models import Campaign, Suggestion

pytestmark = pytest.mark.django_db


def _workbook(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("batch.xlsx", data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def test_a_community_runs_several_campaigns_a_year_but_periods_do_not_overlap(world, campaign):
    community = campaign.community
    later = services.campaign_create(actor=None, community=community, year=2010, opens_on=datetime.date(2010, 7, 1), closes_on=datetime.date(2010, 7, 31))
    assert later.title != campaign.title and Campaign.objects.filter(community=community, year=2010).count() == 2
    with pytest.raises(ValidationError) as exc:
        services.campaign_create(actor=None, community=community, year=2010, opens_on=datetime.date(2010, 7, 20), closes_on=datetime.date(2010, 8, 31))
    assert "opens_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.campaign_update(actor=None, campaign=later, opens_on=datetime.date(2010, 2, 1))


def test_campaign_edit_and_close_pages(world, login, campaign):
    client = login(world.users["community"])
    url = reverse("suggestions:campaign_edit", args=[campaign.pk])
    form = client.get(url).context["form"]
    response = client.post(url, {
        "community": campaign.community_id, "year": 2010, "title": "江滨社区2010年征求意见", "opens_on": "2010-01-01", "closes_on": "2010-03-15",
        "notes": "", "version": form.initial["version"],
    })
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.closes_on == datetime.date(2010, 3, 15) and campaign.title == "江滨社区2010年征求意见"
    close = reverse("suggestions:campaign_close", args=[campaign.pk])
    assert client.get(close).status_code == 200 and Campaign.objects.get(pk=campaign.pk).is_open  # asks first
    client.post(close)
    campaign.refresh_from_db()
    assert campaign.status == "closed"
    with pytest.raises(ApplicationError):
        services.suggestion_enter(actor=None, campaign=campaign, body="迟到的意见", source_category="residents", channel="door")
    assert "suggestion-enter" not in client.get(reverse("suggestions:campaign_detail", args=[campaign.pk])).content.decode()
    assert ObjectChange.objects.filter(object_id=campaign.pk, action="update").count() == 2
    assert login(world.users["street"]).post(close).status_code == 403


def test_paper_batch_imports_from_the_template_all_or_nothing(world, login, campaign, settings):
    client = login(world.users["community"])
    template = client.get(reverse("suggestions:campaign_template", args=[campaign.pk]))
    header = [c.value for c in next(load_workbook(io.BytesIO(template.content)).worksheets[0].iter_rows(max_row=1))]
    columns = suggestions_io.SuggestionSheet.columns
    assert [(h or "").rstrip("*") for h in header] == [str(c.header) for c in columns]
    col = {c.key: i for i, c in enumerate(columns)}

    def row(body, category="社区群众", channel="入户走访", name="", contact=""):
        r = [None] * len(header)
        r[col["body"]], r[col["source_category"]], r[col["channel"]] = body, category, channel
        r[col["submitter_name"]], r[col["contact"]] = name, contact
        return r

    bad = _workbook([header, row("建议增设电动车充电桩", name="王秀英", contact="13905981234"), row("", category="外星人"), row("建议增设电动车充电桩")])
    response = client.post(reverse("suggestions:campaign_import", args=[campaign.pk]), {"file": _upload(bad)}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200 and not Suggestion.objects.exists()
    errors = response.context["result"].errors
    assert {(e.row, e.column) for e in errors} >= {(3, "意见建议"), (3, "来源类别"), (4, "意见建议")}
    assert "第2行" in " ".join(e.message for e in errors if e.row == 4)
    good = _workbook([header, row("建议增设电动车充电桩", name="王秀英", contact="13905981234"), row("建议修缮三号楼屋顶", category="驻区单位", channel="党员大会")])
    response = client.post(reverse("suggestions:campaign_import", args=[campaign.pk]), {"file": _upload(good)})
    assert response.status_code == 302
    rows = list(Suggestion.objects.order_by("id"))
    assert [(s.body, s.source_category, s.channel, s.entered_by) for s in rows] == [
        ("建议增设电动车充电桩", "residents", "door", world.users["community"]),
        ("建议修缮三号楼屋顶", "resident_unit", "party_meeting", world.users["community"]),
    ]
    assert rows[0].contact == "13905981234" and rows[0].gram_count > 0
    assert ObjectChange.objects.filter(object_id=rows[0].pk, source=xlsx.SOURCE).exists()
    assert login(world.users["liaison"]).post(reverse("suggestions:campaign_import", args=[campaign.pk]), {"file": _upload(good)}).status_code == 403


def test_export_masks_contact_and_name_outside_the_communitys_staff(world, login, campaign):
    services.suggestion_enter(actor=None, campaign=campaign, body="建议更换路灯", source_category="residents", channel="door", submitter_name="王秀英", contact="13905981234")
    url = reverse("suggestions:campaign_export", args=[campaign.pk])

    def cells(user):
        rows = list(load_workbook(io.BytesIO(login(user).get(url).content)).worksheets[0].iter_rows(values_only=True))
        return dict(zip(rows[0], rows[1], strict=True))

    staff = cells(world.users["community"])
    assert staff["联系方式"] == "13905981234" and staff["提出人"] == "王秀英"
    liaison = cells(world.users["liaison"])
    assert not liaison["联系方式"] and liaison["提出人"] != "王秀英" and liaison["提出人"].startswith("王")
    assert login(world.users["street_west"]).get(url).status_code == 404


def test_suggestions_api_has_no_contact_and_staff_enter_paper_suggestions(world, campaign, campaign_fx):
    _t, plain = token_create(actor=world.users["community"], name="录入")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {plain}")
    response = api.post("/api/v1/suggestions/", {
        "campaign": campaign.pk, "body": "建议增加垃圾分类桶", "source_category": "residents", "channel": "door",
        "submitter_name": "李大妈", "contact": "13905980000",
    }, format="json")
    assert response.status_code == 201, response.content
    assert "contact" not in response.json()
    s = Suggestion.objects.get(pk=response.json()["id"])
    assert s.contact == "13905980000" and s.entered_by == world.users["community"]
    assert api.post("/api/v1/suggestions/", {"campaign": campaign_fx.pk, "body": "x", "source_category": "residents", "channel": "door"}).status_code == 404
    bad = api.post("/api/v1/suggestions/", {"campaign": campaign.pk, "body": "x", "source_category": "martians", "channel": "door"}, format="json")
    assert bad.status_code == 400
    _t, liaison_plain = token_create(actor=world.users["liaison"], name="读")
    liaison = APIClient()
    liaison.credentials(HTTP_AUTHORIZATION=f"Token {liaison_plain}")
    listed = liaison.get("/api/v1/suggestions/").json()["results"]
    assert [r["id"] for r in listed] == [s.pk] and "contact" not in listed[0] and listed[0]["submitter_name"] != "李大妈"
    assert liaison.post("/api/v1/suggestions/", {"campaign": campaign.pk, "body": "x", "source_category": "residents", "channel": "door"}).status_code == 403
    assert [c["id"] for c in liaison.get("/api/v1/campaigns/").json()["results"]] == [campaign.pk]


@pytest.mark.parametrize("n", [1, 6])
def test_suggestion_pages_query_counts_are_pinned(world, login, campaign, n, django_assert_num_queries):
    for i in range(n):
        services.suggestion_enter(actor=None, campaign=campaign, body=f"建议第{i}条：修缮楼道", source_category="residents", channel="door", submitter_name="王")
    client = login(world.users["community"])
    client.get(reverse("suggestions:home"))  # warm the session and caches
    s = Suggestion.objects.order_by("id").first()
    for url, count in (
        (reverse("suggestions:home") + "?year=2010", 9),
        (reverse("suggestions:campaign_detail", args=[campaign.pk]), 10),
        # The similarity search: one query on PostgreSQL (trigram index), two on SQLite (bigram table).
        (reverse("suggestions:suggestion_detail", args=[s.pk]), 14 if connection.vendor == "postgresql" else 15),
    ):
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200


def test_campaign_pages_query_counts_are_pinned(world, login, campaign, django_assert_num_queries):
    client = login(world.users["community"])
    client.get(reverse("suggestions:home"))
    for url, count in (
        (reverse("suggestions:campaign_edit", args=[campaign.pk]), 9),
        (reverse("suggestions:campaign_close", args=[campaign.pk]), 7),
        (reverse("suggestions:campaign_import", args=[campaign.pk]), 7),
        (reverse("accounts:tokens"), 7),
    ):
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
