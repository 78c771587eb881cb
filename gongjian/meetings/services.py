"""Every write to joint meeting bodies, meetings, attendance, agendas, decisions and minutes.
Each validates with full_clean() and writes the change log with its actor (the shared helpers
of ``targets.services``). Permission checks are the caller's.

``decision_record`` is the one place a joint meeting changes a suggestion: adopting it into
new or existing tasks, merging, deferring or declining it, and queueing a notice to a
submitter who left contact once the decision is committed."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core.exceptions import ApplicationError
from gongjian.core.services import create_logged as _create
from gongjian.core.services import update_logged as _update
from gongjian.registry.models import Organisation
from gongjian.suggestions import services as suggestion_services
from gongjian.suggestions.models import Suggestion
from gongjian.targets import services as target_services
from gongjian.targets.models import AnnualPlan, Task

from .models import AgendaItem, Attendance, BodyMember, Decision, JointMeetingBody, Meeting  # noqa: F401

OUTCOME_STATUS = {
    Decision.Outcome.ADOPT: Suggestion.Status.ADOPTED,
    Decision.Outcome.MERGE: Suggestion.Status.MERGED,
    Decision.Outcome.DEFER: Suggestion.Status.DEFERRED,
    Decision.Outcome.DECLINE: Suggestion.Status.DECLINED,
}


def _in_district(org: Organisation, community) -> bool:
    return org.community.street.district_id == community.street.district_id


# --- bodies and members -----------------------------------------------------------------------


@transaction.atomic
def body_create(*, actor, community, name: str = "", established_on: datetime.date | None = None, convenor_name: str = "", notes: str = "", source: str = "") -> JointMeetingBody:
    if JointMeetingBody.objects.filter(community=community).exists():
        raise ApplicationError(_("%(community)s already has a joint meeting body.") % {"community": community})
    name = name or _("%(community)s Party-building joint meeting") % {"community": community.name}
    return _create(JointMeetingBody, actor=actor, source=source, community=community, name=name, established_on=established_on, convenor_name=convenor_name, notes=notes)


@transaction.atomic
def member_add(*, actor, body: JointMeetingBody, organisation: Organisation, role: str = BodyMember.Role.MEMBER, representative: str = "",
               joined_on: datetime.date | None = None, source: str = "") -> BodyMember:
    """Seat an organisation of the district on the body (organs, institutions, non-public
    enterprises, civil and mass organisations)."""
    if not _in_district(organisation, body.community):
        raise ApplicationError(_("%(org)s is not in this district.") % {"org": organisation})
    if BodyMember.objects.filter(body=body, organisation=organisation).exists():
        raise ApplicationError(_("%(org)s is already a member unit.") % {"org": organisation})
    return _create(BodyMember, actor=actor, source=source, body=body, organisation=organisation, role=role, representative=representative, joined_on=joined_on)


@transaction.atomic
def member_remove(*, actor, member: BodyMember) -> None:
    from gongjian.core.services import delete_logged as _delete

    _delete(member, actor=actor)


# --- meetings ---------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(*, actor, community, date: datetime.date, title: str = "", place: str = "", chair: str = "", recorder: str = "",
                   summary: str = "", source: str = "") -> Meeting:
    """A meeting of the community's joint meeting body; without one, of its residents'
    representatives."""
    body = JointMeetingBody.objects.filter(community=community).first()
    kind = Meeting.Kind.JOINT if body else Meeting.Kind.REPRESENTATIVES
    if not title:
        label = body.name if body else _("%(community)s residents' representative meeting") % {"community": community.name}
        title = _("%(body)s meeting of %(date)s") % {"body": label, "date": f"{date:%Y-%m-%d}"}
    return _create(
        Meeting, actor=actor, source=source, community=community, body=body, kind=kind, title=title, date=date, place=place, chair=chair,
        recorder=recorder, summary=summary,
    )


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, expected_version: int | None = None, **fields) -> Meeting:
    if meeting.minutes_status != Meeting.MinutesStatus.DRAFT:
        raise ApplicationError(_("The minutes are approved: the meeting can no longer be changed."))
    return _update(meeting, actor=actor, expected_version=expected_version, **fields)


def _editable(meeting: Meeting) -> None:
    if meeting.minutes_status != Meeting.MinutesStatus.DRAFT:
        raise ApplicationError(_("The minutes are approved: the meeting can no longer be changed."))


@transaction.atomic
def attendance_sign(*, actor, meeting: Meeting, name: str, organisation: Organisation | None = None, title: str = "", source: str = "") -> Attendance:
    """Sign someone in (签到), for their organisation."""
    _editable(meeting)
    name = name.strip()
    if not name:
        raise ApplicationError(_("Enter the name of the person signing in."))
    if organisation is not None and not _in_district(organisation, meeting.community):
        raise ApplicationError(_("%(org)s is not in this district.") % {"org": organisation})
    if Attendance.objects.filter(meeting=meeting, name=name, organisation=organisation).exists():
        raise ApplicationError(_("%(name)s has already signed in.") % {"name": name})
    return _create(Attendance, actor=actor, source=source, meeting=meeting, name=name, organisation=organisation, title=title.strip())


@transaction.atomic
def agenda_add(*, actor, meeting: Meeting, suggestion: Suggestion, source: str = "") -> AgendaItem:
    """Put a suggestion before the meeting. Its status does not change until a decision is
    recorded."""
    _editable(meeting)
    if suggestion.community_id != meeting.community_id:
        raise ApplicationError(_("The suggestion belongs to another community."))
    if suggestion.status == Suggestion.Status.MERGED:
        raise ApplicationError(_("%(s)s was merged into #%(pk)s: put that one on the agenda.") % {"s": suggestion, "pk": suggestion.merged_into_id})
    if suggestion.status not in (Suggestion.Status.RECEIVED, Suggestion.Status.DEFERRED):
        raise ApplicationError(_("%(s)s has already been decided.") % {"s": suggestion})
    if AgendaItem.objects.filter(meeting=meeting, suggestion=suggestion).exists():
        raise ApplicationError(_("%(s)s is already on the agenda.") % {"s": suggestion})
    order = (meeting.agenda.aggregate(n=Max("order"))["n"] or 0) + 1
    return _create(AgendaItem, actor=actor, source=source, meeting=meeting, suggestion=suggestion, order=order)


def _plan_for(*, actor, community, year: int, source: str) -> AnnualPlan:
    plan = AnnualPlan.objects.filter(community=community, year=year).first()
    return plan or target_services.plan_create(actor=actor, community=community, year=year, source=source)


def public_path(suggestion: Suggestion) -> str:
    return reverse("public:suggestion", args=[suggestion.community.slug, suggestion.public_code])


@transaction.atomic
def decision_record(
    *,
    actor,
    item: AgendaItem,
    outcome: str,
    reason: str,
    attach_tasks: Iterable[Task] = (),
    new_task: dict | None = None,
    merge_into: Suggestion | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    source: str = "",
    notify: bool = True,
) -> Decision:
    """Record the meeting's decision on an agenda item and apply it to the suggestion:

    - adopt: into existing tasks of the community (``attach_tasks``) and/or a new task of its
      plan for the campaign's year (``new_task``: the fields of ``targets.services.task_create``);
    - merge: into another suggestion of the community (``merge_into``);
    - defer or decline: with the reason.

    Duplicates staff merged into it follow it. A submitter who left contact is notified once
    the transaction commits."""
    meeting = item.meeting
    _editable(meeting)
    if Decision.objects.filter(item=item).exists():
        raise ApplicationError(_("This item has already been decided."))
    suggestion = Suggestion.objects.select_for_update().get(pk=item.suggestion_id)
    if suggestion.status not in (Suggestion.Status.RECEIVED, Suggestion.Status.DEFERRED):
        raise ApplicationError(_("%(s)s has already been decided.") % {"s": suggestion})
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason for the decision."))
    if merge_into is not None and outcome != Decision.Outcome.MERGE:
        raise ApplicationError(_("Only a merge names another suggestion."))
    tasks: list[Task] = []
    if outcome == Decision.Outcome.ADOPT:
        tasks = list(attach_tasks)
        bad = [t for t in tasks if t.plan.community_id != meeting.community_id]
        if bad:
            raise ApplicationError(_("%(task)s belongs to another community.") % {"task": bad[0]})
        if new_task:
            plan = _plan_for(actor=actor, community=meeting.community, year=suggestion.campaign.year, source=source)
            fields = dict(new_task)
            co = list(fields.pop("co_organisers", []))
            fields.setdefault("description", _("From suggestion #%(pk)s: %(body)s") % {"pk": suggestion.pk, "body": suggestion.body[:200]})
            tasks.append(target_services.task_create(actor=actor, plan=plan, co_organisers=co, source=source, **fields))
        if not tasks:
            raise ApplicationError(_("Adopting a suggestion needs a task: attach it to an existing one or create a new one."))
    elif outcome == Decision.Outcome.MERGE:
        if merge_into is None:
            raise ApplicationError(_("Say which suggestion it is merged into."))
        merge_into = merge_into.primary
        if merge_into.pk == suggestion.pk or merge_into.community_id != suggestion.community_id:
            raise ApplicationError(_("Merge it into another suggestion of the same community."))
    elif outcome not in Decision.Outcome.values:
        raise ApplicationError(_("Choose a decision."))
    decision = _create(
        Decision, actor=actor, source=source, item=item, outcome=outcome, reason=reason, votes_for=votes_for, votes_against=votes_against,
        abstentions=abstentions, merge_into=merge_into if outcome == Decision.Outcome.MERGE else None,
        decided_by=actor if getattr(actor, "is_authenticated", False) else None, m2m={"tasks": [t.pk for t in tasks]},
    )
    decided_at = timezone.make_aware(datetime.datetime.combine(meeting.date, datetime.time(10))) if source == "demo" else timezone.now()
    suggestion_services.suggestion_decide(
        actor=actor, suggestion=suggestion, status=OUTCOME_STATUS[outcome], reason=reason, tasks=tasks,
        merged_into=merge_into if outcome == Decision.Outcome.MERGE else None, decided_at=decided_at, source=source,
    )
    if notify:
        followers = [(suggestion.pk, suggestion.public_code), *Suggestion.objects.filter(merged_into=suggestion).values_list("pk", "public_code")]
        message = _("Your suggestion to %(community)s: %(meeting)s decided “%(outcome)s”. %(reason)s") % {
            "community": meeting.community.name, "meeting": meeting.title, "outcome": decision.get_outcome_display(), "reason": reason,
        }
        for pk, code in followers:
            path = reverse("public:suggestion", args=[meeting.community.slug, code])
            transaction.on_commit(lambda pk=pk, path=path: suggestion_services.notify_submitter(suggestion_id=pk, message=message, link=path))
    return decision


# --- minutes ----------------------------------------------------------------------------------


@transaction.atomic
def minutes_approve(*, actor, meeting: Meeting) -> Meeting:
    """Approve the minutes: every agenda item needs its decision; the meeting is then fixed."""
    if meeting.minutes_status != Meeting.MinutesStatus.DRAFT:
        raise ApplicationError(_("The minutes are already approved."))
    if not meeting.agenda.exists():
        raise ApplicationError(_("The meeting has no agenda yet."))
    if meeting.agenda.filter(decision__isnull=True).exists():
        raise ApplicationError(_("Record a decision on every agenda item before approving the minutes."))
    return _update(meeting, actor=actor, minutes_status=Meeting.MinutesStatus.APPROVED, approved_by=actor if getattr(actor, "is_authenticated", False) else None, approved_at=timezone.now())


@transaction.atomic
def minutes_publish(*, actor, meeting: Meeting, published_at=None) -> Meeting:
    """Publish approved minutes: the Word document is then on the public pages."""
    if meeting.minutes_status != Meeting.MinutesStatus.APPROVED:
        raise ApplicationError(_("Only approved minutes can be published."))
    return _update(meeting, actor=actor, minutes_status=Meeting.MinutesStatus.PUBLISHED, published_at=published_at or timezone.now())
