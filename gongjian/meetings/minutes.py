"""The minutes of a meeting (会议纪要) as an official document (公文), built with the core
document builder (``gongjian.core.docs``) and rendered from that one model to Word and PDF:
the joint meeting body's name in red with the minutes' number (江滨联席纪〔2010〕1号) and the
red rule; the title; 一、 the meeting, 二、 who attended, 三、 the matters decided, one （一）
per suggestion on the agenda; the body and date at the right; 版记 (抄送 the street work
committee, printed by the body on the day of approval). Minutes not yet approved are marked
草稿 on every page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongjian.core.docs import OfficialDocument, chinese_date

from .models import Meeting


def document_number(meeting: Meeting) -> str:
    """The minutes' number: the community's short name, 联席纪, the year, and the meeting's
    place among the community's meetings of that year (by date)."""
    short = meeting.community.name.removesuffix("社区") or meeting.community.name
    earlier = Meeting.objects.filter(community_id=meeting.community_id, date__year=meeting.date.year)
    n = earlier.filter(date__lt=meeting.date).count() + earlier.filter(date=meeting.date, pk__lte=meeting.pk).count()
    return f"{short}联席纪〔{meeting.date.year}〕{n}号"


def minutes_document(meeting: Meeting, *, masked: bool = False) -> OfficialDocument:
    """The minutes of ``meeting`` (with its attendance, agenda and decisions prefetched or not).
    ``masked`` (the public copy, and readers who do not see submitters' contacts): phones,
    ID numbers, rooms and submitters' names in the suggestions' texts and reasons are masked,
    and a text staff hid from the public is left out."""
    from gongjian.core.masking import mask_free_text

    issuer = meeting.body.name if meeting.body else meeting.community.name
    approved = meeting.minutes_status != Meeting.MinutesStatus.DRAFT
    doc = OfficialDocument(
        title=_("Minutes of %(title)s") % {"title": meeting.title},
        issuer=issuer,
        number=document_number(meeting),
        signature=issuer,
        date=meeting.date,
        cc=[_("%(street)s work committee") % {"street": meeting.community.street.name}],
        printer=issuer,
        printed_on=(meeting.approved_at.date() if meeting.approved_at else None) if approved else None,
        draft=not approved,
    )
    attendance = list(meeting.attendance.all())
    facts = {"date": chinese_date(meeting.date), "title": meeting.title, "place": meeting.place or meeting.community.name, "n": len(attendance)}
    doc.heading(pgettext("minutes", "The meeting"))
    if meeting.chair:
        doc.paragraph(_("On %(date)s, %(title)s was held at %(place)s, chaired by %(chair)s. %(n)d people attended.") % {**facts, "chair": meeting.chair})
    else:
        doc.paragraph(_("On %(date)s, %(title)s was held at %(place)s. %(n)d people attended.") % facts)
    if meeting.summary:
        doc.paragraph(meeting.summary)
    doc.heading(pgettext("minutes", "Attendance"))
    names = "、".join(f"{a.name}（{a.organisation.name if a.organisation else a.title or '—'}）" for a in attendance)
    doc.paragraph(f"{names}。" if names else _("Nobody signed in."))
    doc.heading(pgettext("minutes", "Matters decided"))
    items = list(meeting.agenda.all())
    if not items:
        doc.paragraph(_("No suggestion was on the agenda."))
    for item in items:
        s = item.suggestion
        body = s.body
        if masked:
            body = _("(text hidden)") if s.public_hidden else mask_free_text(body, names=[s.submitter_name])
        doc.heading(body, level=2)
        doc.paragraph(_("Source: %(category)s, by %(channel)s (suggestion #%(pk)s).") % {
            "category": s.get_source_category_display(), "channel": s.get_channel_display(), "pk": s.pk})
        decision = getattr(item, "decision", None)
        if decision is None:
            doc.paragraph(_("Not yet decided."))
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
        doc.paragraph(text)
    if meeting.recorder:
        doc.paragraph(_("Minutes taken by: %(name)s") % {"name": meeting.recorder})
    return doc


def minutes_docx(meeting: Meeting, *, masked: bool = False) -> bytes:
    return minutes_document(meeting, masked=masked).to_docx()


def minutes_pdf(meeting: Meeting, *, masked: bool = False) -> bytes:
    return minutes_document(meeting, masked=masked).to_pdf()


def filename(meeting: Meeting, ext: str = "docx") -> str:
    return f"{meeting.title}-{_('minutes')}.{ext}"
