"""Staff pages of the joint meeting: bodies and their member units, the district's
non-public enterprise friendship associations, meetings with sign-in, agenda and decisions,
and the minutes (Word) with their approval and publication."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gongjian.accounts.access import get_for, restrict
from gongjian.core.exceptions import ApplicationError
from gongjian.core.forms import add_service_errors
from gongjian.core.views import history_url, register_history, render_confirm
from gongjian.core.views_perm import permission_view
from gongjian.registry import selectors as registry_selectors
from gongjian.registry.models import Community, Organisation
from gongjian.suggestions import selectors as suggestion_selectors
from gongjian.suggestions.models import Suggestion
from gongjian.targets.models import Task, WorkCategory

from . import selectors, services
from .forms import AgendaForm, AttendanceForm, BodyForm, DecisionForm, MeetingForm, MemberForm
from .minutes import filename, minutes_docx
from .models import JointMeetingBody, Meeting

register_history(Meeting, selectors.meeting_list)
register_history(JointMeetingBody, selectors.body_list)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _communities(user, perm: str):
    return restrict(registry_selectors.community_list(user=user), user, perm).order_by("name")


def _orgs_for(community):
    """Organisations a body or meeting of the community can seat: its own and those serving it."""
    return Organisation.objects.filter(Q(community=community) | Q(served_communities=community)).distinct().order_by("kind", "name")


@permission_view("meetings.view_meeting")
def home(request):
    user = request.user
    bodies = list(selectors.body_list(user=user))
    return render(request, "meetings/home.html", {
        "bodies": bodies, "meetings": list(selectors.meeting_list(user=user)[:100]), "associations": list(selectors.associations(user=user)),
        "can_body": user.has_perm("meetings.manage_body"), "can_meeting": user.has_perm("meetings.manage_meeting"),
    })


@permission_view("meetings.manage_body")
def body_create(request):
    form = BodyForm(request.POST or None, communities=_communities(request.user, "meetings.manage_body"))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            body = services.body_create(actor=request.user, **data)
        except (ApplicationError, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The joint meeting body is set up. Add its member units."))
            return redirect("meetings:body_detail", pk=body.pk)
    return render(request, "meetings/form.html", {"form": form, "title": _("New joint meeting body")})


@permission_view("meetings.view_meeting")
def body_detail(request, pk):
    """The body with its member units; the community adds units here."""
    user = request.user
    body = get_object_or_404(selectors.body_with_members(selectors.body_list(user=user)), pk=pk)
    can_manage = user.has_perm("meetings.manage_body", body.community)
    form = MemberForm(request.POST or None, organisations=_orgs_for(body.community)) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.member_add(actor=user, body=body, **form.cleaned_data)
            except (ApplicationError, ValidationError) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Member unit added."))
                return redirect("meetings:body_detail", pk=body.pk)
    members = list(body.members.all())
    return render(request, "meetings/body_detail.html", {
        "body": body, "members": members, "form": form, "non_public": sum(1 for m in members if m.is_non_public),
        "meetings": list(selectors.meeting_list(user=user, filters={"community": body.community_id})), "history_url": history_url(body),
    })


@permission_view("meetings.manage_meeting")
def meeting_create(request):
    form = MeetingForm(request.POST or None, communities=_communities(request.user, "meetings.manage_meeting"))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting is set up: sign people in and put suggestions on the agenda."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "title": _("New meeting")})


def _meeting(request, pk, perm: str | None = None) -> Meeting:
    return get_for(request.user, perm or selectors.VIEW, selectors.meeting_with_details(selectors.meeting_list(user=request.user)), pk=pk)


@permission_view("meetings.view_meeting")
def meeting_detail(request, pk):
    user = request.user
    meeting = _meeting(request, pk)
    can_manage = user.has_perm("meetings.manage_meeting", meeting) and meeting.minutes_status == Meeting.MinutesStatus.DRAFT
    ctx = {
        "meeting": meeting, "attendance": list(meeting.attendance.all()), "agenda": list(meeting.agenda.all()), "can_manage": can_manage,
        "can_decide": user.has_perm("meetings.decide", meeting) and meeting.minutes_status == Meeting.MinutesStatus.DRAFT,
        "can_approve": user.has_perm("meetings.approve_minutes", meeting), "history_url": history_url(meeting),
        "can_view_contact": user.has_perm("suggestions.view_contact", meeting),
    }
    if can_manage:
        ctx["attendance_form"] = AttendanceForm(organisations=_orgs_for(meeting.community))
        ctx["agenda_form"] = AgendaForm(suggestions=suggestion_selectors.open_for_agenda(community_id=meeting.community_id).exclude(agenda_items__meeting=meeting))
    return render(request, "meetings/meeting_detail.html", ctx)


@permission_view("meetings.manage_meeting")
def attendance(request, pk):
    """Sign someone in at the meeting (签到)."""
    meeting = _meeting(request, pk, "meetings.manage_meeting")
    form = AttendanceForm(request.POST or None, organisations=_orgs_for(meeting.community))
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_sign(actor=request.user, meeting=meeting, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Signed in."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "title": _("Sign in at %(meeting)s") % {"meeting": meeting}, "meeting": meeting})


@permission_view("meetings.manage_meeting")
def agenda_add(request, pk):
    """Put a suggestion on the agenda (its status does not change)."""
    meeting = _meeting(request, pk, "meetings.manage_meeting")
    form = AgendaForm(request.POST or None, suggestions=suggestion_selectors.open_for_agenda(community_id=meeting.community_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_add(actor=request.user, meeting=meeting, suggestion=form.cleaned_data["suggestion"])
        except (ApplicationError, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Put on the agenda."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "title": _("Agenda of %(meeting)s") % {"meeting": meeting}, "meeting": meeting})


@permission_view("meetings.decide")
def decide(request, pk):
    """Record the meeting's decision on an agenda item."""
    user = request.user
    item = get_for(user, "meetings.decide", selectors.agenda_items(user=user), pk=pk)
    community = item.meeting.community
    tasks = Task.objects.filter(plan__community=community).select_related("plan").order_by("-plan__year", "number")
    categories = WorkCategory.objects.filter(district_id=community.street.district_id).order_by("order")
    form = DecisionForm(request.POST or None, tasks=tasks, categories=categories, organisations=_orgs_for(community))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        merge_into = None
        if data.get("merge_into"):
            merge_into = Suggestion.objects.filter(pk=data["merge_into"], community=community).first()
            if merge_into is None:
                form.add_error("merge_into", _("There is no suggestion #%(pk)s in this community.") % {"pk": data["merge_into"]})
        if not form.errors:
            try:
                services.decision_record(
                    actor=user, item=item, outcome=data["outcome"], reason=data["reason"], attach_tasks=list(data["attach_tasks"]),
                    new_task=form.new_task() if data["outcome"] == "adopt" else None, merge_into=merge_into,
                    votes_for=data.get("votes_for"), votes_against=data.get("votes_against"), abstentions=data.get("abstentions"),
                )
            except (ApplicationError, ValidationError) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The decision on suggestion #%(pk)s is recorded.") % {"pk": item.suggestion_id})
                return redirect("meetings:meeting_detail", pk=item.meeting_id)
    return render(request, "meetings/decide.html", {"form": form, "item": item, "meeting": item.meeting, "s": item.suggestion})


@permission_view("meetings.view_meeting")
def minutes(request, pk):
    """The minutes as a Word document (a draft until approved)."""
    meeting = _meeting(request, pk)
    masked = not request.user.has_perm("suggestions.view_contact", meeting)
    response = HttpResponse(minutes_docx(meeting, masked=masked), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, filename(meeting))
    response["Cache-Control"] = "no-store"
    return response


@permission_view("meetings.approve_minutes")
def minutes_approve(request, pk):
    """Approve the minutes, then publish them (asks before doing either)."""
    meeting = _meeting(request, pk, "meetings.approve_minutes")
    if request.method == "POST":
        try:
            if meeting.minutes_status == Meeting.MinutesStatus.DRAFT:
                services.minutes_approve(actor=request.user, meeting=meeting)
                messages.success(request, _("The minutes are approved."))
            else:
                services.minutes_publish(actor=request.user, meeting=meeting)
                messages.success(request, _("The minutes are published."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/approve.html", {"meeting": meeting})


# --- editing a meeting; removing a member unit ---------------------------------------------------


@permission_view("meetings.manage_meeting")
def meeting_edit(request, pk):
    """Correct a meeting's date, place, chair, minute-taker or summary while its minutes are a
    draft (approved minutes fix the meeting)."""
    meeting = get_for(request.user, "meetings.manage_meeting", selectors.meeting_list(user=request.user), pk=pk)
    fields = ("date", "title", "place", "chair", "recorder", "summary")
    initial = {"community": meeting.community_id, "version": meeting.version, **{f: getattr(meeting, f) for f in fields}}
    form = MeetingForm(request.POST or None, communities=Community.objects.filter(pk=meeting.community_id), initial=initial, with_version=True)
    form.fields["community"].disabled = True
    locked = meeting.minutes_status != Meeting.MinutesStatus.DRAFT
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in fields}
        if not data["title"]:
            data["title"] = meeting.title
        try:
            services.meeting_update(actor=request.user, meeting=meeting, expected_version=form.cleaned_data.get("version"), **data)
        except (ApplicationError, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {
        "form": form, "title": _("Edit %(name)s") % {"name": meeting.title}, "meeting": meeting,
        "notice": _("The minutes are approved: the meeting can no longer be changed.") if locked else "",
    })


@permission_view("meetings.manage_body")
def member_remove(request, pk):
    """Take a member unit off the body (its past attendance and decisions stay)."""
    from .models import BodyMember

    bodies = selectors.body_list(user=request.user).values("pk")
    member = get_for(request.user, "meetings.manage_body", BodyMember.objects.filter(body__in=bodies).select_related("body", "organisation"), pk=pk)
    if request.method == "POST":
        services.member_remove(actor=request.user, member=member)
        messages.success(request, _("%(org)s is no longer a member unit.") % {"org": member.organisation.name})
        return redirect("meetings:body_detail", pk=member.body_id)
    return render_confirm(
        request, title=_("Remove %(org)s from %(body)s?") % {"org": member.organisation.name, "body": member.body.name},
        message=_("Its past attendance and the decisions it took part in stay on record; the change log keeps the seat."),
        button=_("Remove the member unit"), cancel_url=reverse("meetings:body_detail", args=[member.body_id]),
    )
