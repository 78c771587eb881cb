"""Staff pages of the solicitation: the year's campaigns with the coverage by source category ×
channel, a campaign's suggestions, entering a paper or door-to-door suggestion on someone's
behalf (with a photo of the paper), a suggestion with its similar ones, merging duplicates,
and the trace suggestion → decision → task → progress."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.accounts.access import get_for, restrict
from gongjian.core.exceptions import ApplicationError
from gongjian.core.forms import add_service_errors
from gongjian.core.history import register_personal
from gongjian.core.views import history_url, register_history, render_confirm
from gongjian.core.views_perm import permission_view
from gongjian.registry import selectors as registry_selectors

from . import io, selectors, services, similarity
from .forms import CampaignForm, EnterForm, HideForm, MergeForm, SuggestionFilterForm
from .models import Campaign, Suggestion

register_history(Suggestion, selectors.suggestion_list)
register_history(Campaign, selectors.campaign_list)
register_personal(Suggestion, perm="suggestions.view_contact", submitter_name="name", contact="secret", photo="secret", body="free_text")


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


@permission_view("suggestions.view_suggestion")
def home(request):
    """The year's campaigns by community, with the district's coverage table."""
    user = request.user
    years = sorted(set(selectors.campaign_list(user=user).values_list("year", flat=True)), reverse=True)
    year = _int(request.GET.get("year")) or (years[0] if years else timezone.localdate().year)
    campaigns = list(selectors.campaign_list(user=user, filters={"year": year}))
    suggestions = selectors.suggestion_list(user=user).filter(campaign__year=year)
    return render(request, "suggestions/home.html", {
        "year": year, "years": years or [year], "campaigns": campaigns, "coverage": selectors.coverage(suggestions),
        "can_create": user.has_perm("suggestions.manage_campaign"), "can_hide": user.has_perm("suggestions.hide_suggestion"),
    })


def _campaign_communities(user):
    return restrict(registry_selectors.community_list(user=user), user, "suggestions.manage_campaign").order_by("name")


@permission_view("suggestions.manage_campaign")
def campaign_create(request):
    form = CampaignForm(request.POST or None, communities=_campaign_communities(request.user), initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        try:
            campaign = services.campaign_create(actor=request.user, **data)
        except (ApplicationError, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The campaign is open."))
            return redirect("suggestions:campaign_detail", pk=campaign.pk)
    return render(request, "suggestions/form.html", {"form": form, "title": _("New solicitation campaign")})


@permission_view("suggestions.view_suggestion")
def campaign_detail(request, pk):
    user = request.user
    campaign = get_object_or_404(selectors.campaign_list(user=user), pk=pk)
    filters = SuggestionFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    items = selectors.suggestion_list(user=user, filters={"campaign": campaign.pk, **chosen})
    return render(request, "suggestions/campaign_detail.html", {
        "campaign": campaign, "filters": filters, "suggestions": list(items[:500]), "n": items.count(),
        "coverage": selectors.coverage(Suggestion.objects.filter(campaign=campaign)),
        "can_enter": campaign.is_open and user.has_perm("suggestions.enter_suggestion", campaign.community), "history_url": history_url(campaign),
        "can_manage": user.has_perm("suggestions.manage_campaign", campaign),
        "can_view_contact": user.has_perm("suggestions.view_contact", campaign),
    })


@permission_view("suggestions.enter_suggestion")
def suggestion_create(request, pk):
    """Enter a paper, door-to-door or meeting suggestion on someone's behalf."""
    campaign = get_for(request.user, "suggestions.enter_suggestion", selectors.campaign_list(user=request.user), pk=pk)
    form = EnterForm(request.POST or None, request.FILES or None, initial={"channel": "door", "source_category": "residents"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            suggestion = services.suggestion_enter(
                actor=request.user, campaign=campaign, body=data["body"], source_category=data["source_category"], channel=data["channel"],
                submitter_name=data["submitter_name"], contact=data["contact"], photo=data.get("photo"),
            )
        except (ApplicationError, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Suggestion #%(pk)s is entered.") % {"pk": suggestion.pk})
            return redirect("suggestions:suggestion_detail", pk=suggestion.pk)
    return render(request, "suggestions/form.html", {"form": form, "title": _("Enter a suggestion for %(campaign)s") % {"campaign": campaign}, "multipart": True, "campaign": campaign})


@permission_view("suggestions.view_suggestion")
def suggestion_detail(request, pk):
    """A suggestion with its similar ones (to merge), its duplicates, and its trace: the
    decisions on it, the tasks it became and their progress."""
    user = request.user
    suggestion = get_object_or_404(selectors.suggestion_with_trace(selectors.suggestion_list(user=user)), pk=pk)
    can_merge = user.has_perm("suggestions.merge_suggestion", suggestion) and suggestion.status in (Suggestion.Status.RECEIVED, Suggestion.Status.DEFERRED)
    similar = similarity.find_similar(
        suggestion.body, queryset=Suggestion.objects.exclude(status=Suggestion.Status.MERGED), community_id=suggestion.community_id,
        exclude_ids=[suggestion.pk], limit=8,
    )
    return render(request, "suggestions/suggestion_detail.html", {
        "s": suggestion, "similar": similar, "can_merge": can_merge, "can_view_contact": user.has_perm("suggestions.view_contact", suggestion),
        "can_hide": user.has_perm("suggestions.hide_suggestion", suggestion), "reports": list(suggestion.reports.all()), "merge_form": MergeForm(initial={"version": suggestion.version}),
        "decisions": selectors.decisions_for(suggestion_ids=[suggestion.pk]), "tasks": list(suggestion.tasks.all()),
        "duplicates": list(suggestion.duplicates.all()), "notices": list(suggestion.notices.all()), "history_url": history_url(suggestion),
        "public_url": reverse("public:suggestion", args=[suggestion.community.slug, suggestion.public_code]),
    })


@permission_view("suggestions.merge_suggestion")
def suggestion_merge(request, pk):
    """Merge this suggestion into another of the community (both originals are kept)."""
    user = request.user
    suggestion = get_for(user, "suggestions.merge_suggestion", selectors.suggestion_list(user=user), pk=pk)
    form = MergeForm(request.POST or None, initial={"into": _int(request.GET.get("into")), "version": suggestion.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        into = selectors.suggestion_list(user=user).filter(pk=data["into"], community_id=suggestion.community_id).first()
        if into is None:
            form.add_error("into", _("There is no suggestion #%(pk)s in this community.") % {"pk": data["into"]})
        else:
            try:
                services.suggestion_merge(actor=user, duplicate=suggestion, into=into, reason=data["reason"], expected_version=data.get("version"))
            except (ApplicationError, ValidationError) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Suggestion #%(a)s is merged into #%(b)s; both originals are kept.") % {"a": suggestion.pk, "b": into.primary.pk})
                return redirect("suggestions:suggestion_detail", pk=into.primary.pk)
    return render(request, "suggestions/form.html", {"form": form, "title": _("Merge suggestion #%(pk)s") % {"pk": suggestion.pk}, "suggestion": suggestion})


@permission_view("suggestions.hide_suggestion")
def suggestion_hide(request, pk):
    """Hide the suggestion's text from the public pages, with a reason (or show it again)."""
    user = request.user
    suggestion = get_for(user, "suggestions.hide_suggestion", selectors.suggestion_list(user=user), pk=pk)
    form = HideForm(request.POST or None, initial={"version": suggestion.version, "reason": suggestion.hidden_reason})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.suggestion_hide(
                actor=user, suggestion=suggestion, hidden=not suggestion.public_hidden, reason=data["reason"], expected_version=data.get("version"),
            )
        except (ApplicationError, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The text is hidden from the public pages.") if suggestion.public_hidden else _("The text is public again."))
            return redirect("suggestions:suggestion_detail", pk=suggestion.pk)
    title = _("Show suggestion #%(pk)s publicly again") if suggestion.public_hidden else _("Hide suggestion #%(pk)s from the public pages")
    return render(request, "suggestions/form.html", {"form": form, "title": title % {"pk": suggestion.pk}, "suggestion": suggestion})


@permission_view("suggestions.hide_suggestion")
def reported(request):
    """Suggestions whose public text visitors reported (举报), for staff to read and hide."""
    items = list(selectors.reported_list(user=request.user)[:200])
    return render(request, "suggestions/reported.html", {"items": items})


@permission_view("suggestions.view_contact")
def photo(request, pk):
    """The photo of the paper a suggestion was written on (staff only; EXIF stripped)."""
    suggestion = get_for(request.user, "suggestions.view_contact", selectors.suggestion_list(user=request.user), pk=pk)
    if not suggestion.photo:
        raise Http404
    try:
        handle = suggestion.photo.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=suggestion.photo_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- editing and closing a campaign; Excel -----------------------------------------------------


def _campaign_for(request, pk, perm: str) -> Campaign:
    return get_for(request.user, perm, selectors.campaign_list(user=request.user), pk=pk)


@permission_view("suggestions.manage_campaign")
def campaign_edit(request, pk):
    campaign = _campaign_for(request, pk, "suggestions.manage_campaign")
    form = CampaignForm(request.POST or None, instance=Campaign.objects.get(pk=campaign.pk))
    form.fields["community"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.service_fields().items() if k != "community"}
        data = {k: v for k, v in data.items() if v not in (None, "") or k == "notes"}
        try:
            services.campaign_update(actor=request.user, campaign=campaign, expected_version=form.cleaned_data.get("version"), **data)
        except (ApplicationError, ValidationError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("suggestions:campaign_detail", pk=campaign.pk)
    return render(request, "suggestions/form.html", {"form": form, "title": _("Edit %(name)s") % {"name": campaign.title}})


@permission_view("suggestions.manage_campaign")
def campaign_close(request, pk):
    """Close the campaign (staff enter no more suggestions into it; the public form prefers an
    open campaign), or reopen it; asks first."""
    campaign = _campaign_for(request, pk, "suggestions.manage_campaign")
    closing = campaign.is_open
    if request.method == "POST":
        status = Campaign.Status.CLOSED if closing else Campaign.Status.OPEN
        try:
            services.campaign_update(actor=request.user, campaign=campaign, status=status)
        except (ApplicationError, ValidationError) as exc:
            messages.error(request, getattr(exc, "message", None) or " ".join(exc.messages))
        else:
            messages.success(request, _("The campaign is closed.") if closing else _("The campaign is open again."))
        return redirect("suggestions:campaign_detail", pk=campaign.pk)
    return render_confirm(
        request,
        title=(_("Close %(name)s?") if closing else _("Reopen %(name)s?")) % {"name": campaign.title},
        message=_("Suggestions already collected stay; staff no longer enter new ones into it. It can be reopened.") if closing else "",
        button=_("Close the campaign") if closing else _("Reopen the campaign"), danger=closing,
        cancel_url=reverse("suggestions:campaign_detail", args=[campaign.pk]),
    )


@permission_view("suggestions.view_suggestion")
def campaign_export(request, pk):
    """The campaign's suggestions as Excel; the contact column only for the community's staff."""
    from gongjian.core import xlsx
    from gongjian.targets.views import _xlsx_response

    campaign = get_object_or_404(selectors.campaign_list(user=request.user), pk=pk)
    spec = io.SuggestionSheet(campaign)
    items = selectors.suggestion_list(user=request.user, filters={"campaign": campaign.pk})
    return _xlsx_response(xlsx.export_workbook(spec, items, user=request.user), f"{campaign.title}-{spec.name}.xlsx")


@permission_view("suggestions.enter_suggestion")
def campaign_template(request, pk):
    from gongjian.core import xlsx
    from gongjian.targets.views import _xlsx_response

    campaign = _campaign_for(request, pk, "suggestions.enter_suggestion")
    spec = io.SuggestionSheet(campaign)
    return _xlsx_response(xlsx.template_workbook(spec), _("%(sheet)s import template.xlsx") % {"sheet": spec.name})


@permission_view("suggestions.enter_suggestion")
def campaign_import(request, pk):
    """A batch of paper suggestions from the template: all or nothing."""
    from gongjian.targets.views import _import

    campaign = _campaign_for(request, pk, "suggestions.enter_suggestion")
    return _import(
        request, io.SuggestionSheet(campaign), title=_("Import a batch of paper suggestions into %(campaign)s") % {"campaign": campaign.title},
        back=reverse("suggestions:campaign_detail", args=[campaign.pk]), template_url=reverse("suggestions:campaign_template", args=[campaign.pk]),
        template="suggestions/import.html",
    )
