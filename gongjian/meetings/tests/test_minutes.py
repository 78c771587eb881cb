"""The minutes on the core document builder: what the checker found is fixed."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from gongjian.core import docs
from gongjian.meetings import services
from gongjian.meetings.minutes import minutes_document
from gongjian.suggestions import services as suggestion_services


@pytest.fixture
def meeting(world):
    community = world.communities["江滨社区"]
    campaign = suggestion_services.campaign_create(actor=None, community=community, year=2010)
    body = services.body_create(actor=None, community=community)
    services.member_add(actor=None, body=body, organisation=world.orgs["江滨单位"])
    services.meeting_create(actor=None, community=community, date=datetime.date(2010, 1, 5))
    meeting = services.meeting_create(actor=None, community=community, date=datetime.date(2010, 1, 20), place="社区会议室")
    services.attendance_sign(actor=None, meeting=meeting, name="王建国", organisation=world.orgs["江滨单位"])
    for text in ("建议增设健身器材", "建议改造老旧下水道"):
        s = suggestion_services.suggestion_enter(actor=None, campaign=campaign, body=text, source_category="civil", channel="board")
        item = services.agenda_add(actor=None, meeting=meeting, suggestion=s)
        services.decision_record(actor=None, item=item, outcome="defer", reason="场地待落实", notify=False)
    return meeting


def _docx(meeting):
    return Document(io.BytesIO(minutes_document(meeting).to_docx()))


def test_minutes_have_the_red_masthead_number_and_second_level_headings(meeting):
    doc = _docx(meeting)
    paragraphs = [p for p in doc.paragraphs if p.text]
    assert paragraphs[0].text == meeting.body.name and str(paragraphs[0].style.font.color.rgb) == "FF0000"
    assert paragraphs[1].text == "江滨联席纪〔2010〕2号"  # the community's second meeting of 2010
    assert paragraphs[1]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:color")) == "FF0000"
    items = [p.text for p in paragraphs if p.style.name == docs.STYLE_HEADINGS[2]]
    assert items == ["（一）建议增设健身器材", "（二）建议改造老旧下水道"]
    assert [p.text for p in paragraphs if p.style.name == docs.STYLE_HEADINGS[1]] == ["一、会议概况", "二、参会人员", "三、议定事项"]
    assert doc.settings.odd_and_even_pages_header_footer


def test_no_chair_no_dash_and_a_chair_is_named(meeting):
    text = "\n".join(p.text for p in _docx(meeting).paragraphs)
    assert "主持" not in text and "—主持" not in text
    meeting.chair = "张书记"
    assert "会议由张书记主持" in "\n".join(p.text for p in _docx(meeting).paragraphs)


def test_a_draft_is_marked_until_approved(meeting):
    assert _docx(meeting).sections[0].header.paragraphs[0].text == "草稿"
    services.minutes_approve(actor=None, meeting=meeting)
    meeting.refresh_from_db()
    doc = _docx(meeting)
    assert doc.sections[0].header.paragraphs[0].text == ""
    assert any(p.text.endswith("印发") for p in doc.paragraphs)


def test_minutes_as_pdf_from_the_same_model(meeting, world, login):
    from pypdf import PdfReader

    client = login(world.users["community"])
    response = client.get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "").replace("\n", "")
    for words in (meeting.body.name, "江滨联席纪〔2010〕2号", "（一）建议增设健身器材", "（二）建议改造老旧下水道", "草稿", "—1—"):
        assert words in text
    docx_response = client.get(reverse("meetings:minutes", args=[meeting.pk]))
    assert docx_response.status_code == 200
