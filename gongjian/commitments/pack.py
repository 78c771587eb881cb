"""The conference pack (大会资料包): everything the annual conference needs, in one zip.

- the agenda (议程) as an official document, DOCX and PDF from one model (``core.docs``);
- the task decomposition table (任务分解表) of the linked plan, as ``targets.io.TaskSheet``
  exports it;
- the post roster (认岗名册), when the posts app is installed (its ``io.RosterSheet`` over
  the year's holdings); skipped otherwise;
- the minutes of the community's meetings of the year, DOCX and PDF, masked (as main's
  ``minutes_docx(masked=True)``) unless the requesting user may see submitters' contacts.

``build_pack`` writes the zip and reports progress; ``run_pack_job`` runs it for a
``PackJob`` in the background (``core.jobs.enqueue``), ``gongjian pack`` from the command line.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongjian.core.docs import OfficialDocument, chinese_date

from .models import Conference, PackJob

logger = logging.getLogger(__name__)



def post_roster(conference: Conference, *, user=None) -> bytes:
    """The community's post roster (认岗名册) of the year, as the posts app exports it: its
    ``RosterSheet`` over the active and ended holdings, personal data masked for ``user``."""
    from gongjian.core.xlsx import export_workbook
    from gongjian.posts.io import RosterSheet
    from gongjian.posts.models import Holding

    spec = RosterSheet(conference.community, conference.year)
    holdings = Holding.objects.filter(post__community_id=conference.community_id, post__year=conference.year,
                                      status__in=[Holding.Status.ACTIVE, Holding.Status.ENDED])
    return export_workbook(spec, spec.export_queryset(holdings), user=user)


def party_organisation(conference: Conference):
    from gongjian.registry.models import Organisation

    return Organisation.objects.filter(community_id=conference.community_id, kind=Organisation.Kind.PARTY_ORG).order_by("id").first()


def document_number(conference: Conference) -> str:
    if conference.document_number:
        return conference.document_number
    short = conference.community.name.removesuffix("社区") or conference.community.name
    return f"{short}社党〔{conference.year}〕1号"


def agenda_document(conference: Conference) -> OfficialDocument:
    """The conference's agenda: when and where, who attends, what happens, with the year's
    tasks in a table. A draft until the linked plan is published (the tasks may still change)."""
    community = conference.community
    party = party_organisation(conference)
    issuer = party.name if party else community.name
    plan = conference.plan
    tasks = list(plan.tasks.select_related("lead_organisation").order_by("number")) if plan else []
    doc = OfficialDocument(
        title=_("Agenda of the %(title)s") % {"title": conference.title},
        issuer=issuer, number=document_number(conference), signature=issuer, date=conference.date,
        cc=[_("%(street)s work committee") % {"street": community.street.name}], printer=issuer, printed_on=conference.date,
        draft=not (plan and plan.is_published),
    )
    doc.heading(pgettext("agenda", "Time"))
    doc.paragraph(chinese_date(conference.date) + "。")
    doc.heading(pgettext("agenda", "Place"))
    doc.paragraph((conference.place or community.name) + "。")
    if conference.chair:
        doc.heading(pgettext("agenda", "Chair"))
        doc.paragraph(conference.chair + "。")
    doc.heading(pgettext("agenda", "Attending"))
    orgs = list(conference.organisations.all())
    people = list(conference.people.all())
    if orgs:
        doc.paragraph(_("Units and organisations (%(n)d): %(names)s.") % {"n": len(orgs), "names": "、".join(o.name for o in orgs)})
    if people:
        doc.paragraph(_("Party members, volunteers and residents (%(n)d): %(names)s.") % {"n": len(people), "names": "、".join(p.name for p in people)})
    if conference.headcount:
        doc.paragraph(_("%(n)d people in all.") % {"n": conference.headcount})
    if not (orgs or people or conference.headcount):
        doc.paragraph(_("To be confirmed."))
    doc.heading(pgettext("agenda", "Agenda"))
    doc.heading(_("Report on the decomposition of the %(year)s work into tasks") % {"year": conference.year}, level=2)
    if tasks:
        units = {t.lead_organisation_id for t in tasks if t.lead_organisation_id}
        doc.paragraph(_("The year's work is decomposed into %(tasks)d tasks, led by %(units)d units (table below).") % {"tasks": len(tasks), "units": len(units)})
        doc.table(
            [_("No."), _("Task"), _("Lead organisation"), _("Deadline")],
            [[str(t.number), t.title, t.lead_organisation.name if t.lead_organisation_id else "—", chinese_date(t.deadline) if t.deadline else "—"] for t in tasks],
            widths=[1.4, 5, 4.6, 4],
        )
    else:
        doc.paragraph(_("The year's plan has no tasks yet."))
    doc.heading(_("Announcement of the individual posts (设岗定责)"), level=2)
    doc.heading(_("Signing of responsibility letters with the units and commitment letters with members and activists"), level=2)
    doc.heading(_("Joint public commitment, published on the board"), level=2)
    doc.heading(_("Speech by the street work committee"), level=2)
    doc.heading(pgettext("agenda", "Requirements"))
    doc.paragraph(_("Every unit sends its responsible leader and liaison; please arrive ten minutes early and sign in."))
    return doc


@dataclass
class PackFile:
    name: str
    build: Callable[[], bytes]


def _minutes(conference: Conference):
    from gongjian.meetings.minutes import filename, minutes_document
    from gongjian.meetings.models import Meeting
    from gongjian.meetings.selectors import meeting_with_details

    meetings = meeting_with_details(Meeting.objects.select_related("community", "community__street", "body")
                                    .filter(community_id=conference.community_id, date__year=conference.year).order_by("date", "id"))
    return list(meetings), filename, minutes_document


def pack_files(conference: Conference, *, user=None) -> list[PackFile]:
    """The files of the pack, in order, each built when asked for."""
    files: list[PackFile] = []
    agenda = agenda_document(conference)
    name = pgettext("file name", "agenda")
    files.append(PackFile(f"01-{name}.docx", agenda.to_docx))
    files.append(PackFile(f"01-{name}.pdf", agenda.to_pdf))
    if conference.plan_id:
        from gongjian.core.xlsx import export_workbook
        from gongjian.targets.io import TaskSheet

        plan = conference.plan
        spec = TaskSheet(plan)
        name = pgettext("file name", "task decomposition table")
        files.append(PackFile(f"02-{name}.xlsx", lambda: export_workbook(spec, plan.tasks.all(), user=user)))
    if apps.is_installed("gongjian.posts"):
        name = pgettext("file name", "post roster")
        files.append(PackFile(f"03-{name}.xlsx", lambda: post_roster(conference, user=user)))
    meetings, filename, minutes_document = _minutes(conference)
    folder = pgettext("file name", "minutes")
    for i, meeting in enumerate(meetings, start=1):
        # Masked as the meeting's own minutes download is, unless the requester may see
        # submitters' contacts (no user, as from the command line: masked).
        masked = not (user is not None and user.has_perm("suggestions.view_contact", meeting))

        def build(meeting=meeting, ext="docx", masked=masked):
            doc = minutes_document(meeting, masked=masked)
            return doc.to_docx() if ext == "docx" else doc.to_pdf()

        for ext in ("docx", "pdf"):
            files.append(PackFile(f"04-{folder}/{i:02d}-{filename(meeting, ext)}", lambda b=build, e=ext: b(ext=e)))
    return files


def pack_name(conference: Conference) -> str:
    label = pgettext("file name", "conference pack")
    return f"{conference.community.name}-{conference.year}-{label}.zip"


def build_pack(conference: Conference, *, user=None, progress: Callable[[int, str], None] | None = None) -> tuple[bytes, int]:
    """The zip of the pack and how many documents it holds; ``progress(percent, file name)``
    is told before each file."""
    files = pack_files(conference, user=user)
    buffer = io.BytesIO()
    folder = pack_name(conference).removesuffix(".zip")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, f in enumerate(files):
            if progress:
                progress(5 + 90 * i // len(files), f.name)
            zf.writestr(f"{folder}/{f.name}", f.build())
    return buffer.getvalue(), len(files)


def _progress(job: PackJob, percent: int, message: str = "") -> None:
    """How far the job has got, visible at once (the pack is read-only work: no transaction
    holds these writes back)."""
    job.progress, job.message = max(0, min(100, int(percent))), message[:200]
    PackJob.objects.filter(pk=job.pk).update(progress=job.progress, message=job.message)


def run_pack_job(job_id: int, language: str | None = None) -> None:
    """Build the pack of a pending ``PackJob`` and keep the zip with it."""
    from django.core.files.base import ContentFile

    job = PackJob.objects.select_related("conference", "conference__community", "conference__community__street", "conference__plan", "user").get(pk=job_id)
    if job.status != PackJob.Status.PENDING:
        return
    job.status, job.started_at = PackJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            data, count = build_pack(job.conference, user=job.user, progress=lambda p, m: _progress(job, p, m))
            job.result_file.save(pack_name(job.conference), ContentFile(data), save=False)
        except Exception as exc:
            logger.exception("conference pack %s failed", job.pk)
            job.status, job.error = PackJob.Status.FAILED, _("The pack could not be built (%(kind)s). Try again, or tell the administrator.") % {"kind": exc.__class__.__name__}
        else:
            job.status, job.documents, job.progress, job.message = PackJob.Status.DONE, count, 100, ""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "result_file", "documents", "progress", "message", "finished_at"])
