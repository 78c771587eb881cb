"""The minutes of a meeting (会议纪要) as a Word document, laid out in the spirit of an official
document (公文): the title centred in a large Song-style face (方正小标宋简体, 宋体 where it is
missing), the body in 仿宋 at 三号 (16 pt), the issuer and date at the bottom right."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from .models import Meeting

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"


def _run(paragraph, text: str, *, font: str = BODY_FONT, size: float = 16, bold: bool = False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _para(doc, text: str = "", *, font: str = BODY_FONT, size: float = 16, bold: bool = False, align=None, indent: bool = True):
    from docx.shared import Pt

    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    if text:
        _run(p, text, font=font, size=size, bold=bold)
    return p


def minutes_docx(meeting: Meeting, *, masked: bool = False) -> bytes:
    """The minutes of ``meeting`` (with its attendance, agenda and decisions prefetched or not).
    ``masked`` (the public copy, and readers who do not see submitters' contacts): phones,
    ID numbers, rooms and submitters' names in the suggestions' texts and reasons are masked,
    and a text staff hid from the public is left out."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    from gongjian.core.masking import mask_free_text

    doc = Document()
    for section in doc.sections:  # GB/T 9704: A4, margins 3.7 / 3.5 / 2.8 / 2.6 cm
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    doc.core_properties.title = meeting.title
    issuer = meeting.body.name if meeting.body else meeting.community.name
    _para(doc, _("Minutes of %(title)s") % {"title": meeting.title}, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, "", indent=False)
    attendance = list(meeting.attendance.all())
    facts = _("On %(date)s, %(title)s was held at %(place)s, chaired by %(chair)s. %(n)d people attended.") % {
        "date": f"{meeting.date.year}年{meeting.date.month}月{meeting.date.day}日", "title": meeting.title,
        "place": meeting.place or meeting.community.name, "chair": meeting.chair or "—", "n": len(attendance),
    }
    _para(doc, facts)
    if meeting.summary:
        _para(doc, meeting.summary)
    _para(doc, _("1. Attendance"), font=HEADING_FONT)
    names = "、".join(f"{a.name}（{a.organisation.name if a.organisation else a.title or '—'}）" for a in attendance)
    _para(doc, names or "—")
    _para(doc, _("2. Suggestions deliberated and decisions"), font=HEADING_FONT)
    for i, item in enumerate(meeting.agenda.all(), start=1):
        s = item.suggestion
        body = s.body
        if masked:
            body = _("(text hidden)") if s.public_hidden else mask_free_text(body, names=[s.submitter_name])
        _para(doc, f"（{i}）{body}（{s.get_source_category_display()}·{s.get_channel_display()}，#{s.pk}）")
        decision = getattr(item, "decision", None)
        if decision is None:
            _para(doc, _("Not yet decided."))
            continue
        reason = mask_free_text(decision.reason, names=[s.submitter_name]) if masked else decision.reason
        text = _("Decision: %(outcome)s. %(reason)s") % {"outcome": decision.get_outcome_display(), "reason": reason}
        if decision.votes_for is not None:
            text += _(" Votes: %(f)s for, %(a)s against, %(x)s abstaining.") % {"f": decision.votes_for, "a": decision.votes_against or 0, "x": decision.abstentions or 0}
        tasks = list(decision.tasks.all())
        if tasks:
            text += _(" Tasks: %(tasks)s.") % {"tasks": "、".join(f"{t.number}. {t.title}" for t in tasks)}
        if decision.merge_into_id:
            text += _(" Merged into suggestion #%(pk)s.") % {"pk": decision.merge_into_id}
        _para(doc, text)
    _para(doc, "", indent=False)
    _para(doc, issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _para(doc, f"{meeting.date.year}年{meeting.date.month}月{meeting.date.day}日", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    if meeting.recorder:
        _para(doc, _("Minutes taken by: %(name)s") % {"name": meeting.recorder}, size=14, indent=False)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def filename(meeting: Meeting) -> str:
    return f"{meeting.title}-{_('minutes')}.docx"
