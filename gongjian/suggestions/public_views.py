"""The resident's side of the solicitation, under the community's board ``/c/<slug>/``:

- ``suggest/``: the suggestion form (no login; works on a phone; reached from the board's QR
  code). Similar earlier suggestions show while typing (HTMX, ``suggest/similar/``); without
  JavaScript the form still works and the similar ones show on the thank-you page. Guarded by
  the public-form guard (``core.guard``: a per-address limit, a honeypot field, a single-use
  minimum fill time), a capped length and CSRF.
- ``suggestions/<code>/``: every suggestion's public page (a random code, not the id): what was decided, by which meeting,
  which tasks it became and how far they have got. Contacts are never shown; names are masked.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongjian.core.exceptions import ApplicationError
from gongjian.core.guard import FormGuard
from gongjian.core.views_perm import public_view
from gongjian.registry.models import Community

from . import selectors, services, similarity
from .forms import PublicSuggestionForm, ReportForm
from .models import Suggestion


def _community(slug: str) -> Community:
    return get_object_or_404(Community.objects.select_related("street", "street__district"), slug=slug)


GUARD = FormGuard("suggest")
REPORT_GUARD = FormGuard("report")


def _similar(community, text: str, exclude=()) -> list:
    visible = Suggestion.objects.exclude(status=Suggestion.Status.MERGED).exclude(public_hidden=True).select_related("community")
    return similarity.find_similar(text, queryset=visible, community_id=community.pk, exclude_ids=exclude, limit=5)


@public_view
def suggest(request, slug):
    """The public suggestion form of the community."""
    community = _community(slug)
    form = PublicSuggestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if GUARD.is_robot(request):
            # A robot filled the hidden field: thank it as if it had worked and keep nothing.
            messages.success(request, _("Thank you for your suggestion."))
            return redirect("public:suggest", slug=community.slug)
        if form.is_valid():
            if GUARD.over_limit(request):
                form.add_error(None, _("You have sent several suggestions in a short time. Please try again in an hour."))
                status = 429
            else:
                data = form.cleaned_data
                try:
                    suggestion = services.suggestion_submit(community=community, body=data["body"], name=data["name"], contact=data["contact"])
                except ApplicationError as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, _("Thank you. Your suggestion is number %(pk)s; this page shows what the joint meeting decides.") % {"pk": suggestion.pk})
                    return redirect("public:suggestion", slug=community.slug, code=suggestion.public_code)
        form.refresh_stamp()
        if status == 200:
            status = 400
    text = request.POST.get("body", "") if request.method == "POST" else ""
    return render(request, "suggestions/public_suggest.html", {
        "community": community, "form": form, "similar": _similar(community, text) if text else [], "asked": bool(text), "public": True,
    }, status=status)


@public_view
def suggest_similar(request, slug):
    """The similar-suggestions partial the form asks for while the resident types (HTMX);
    opened directly, it is a page of its own."""
    community = _community(slug)
    text = request.GET.get("body", "")[:1000]
    ctx = {"community": community, "similar": _similar(community, text), "asked": len(similarity.normalise(text)) >= 4, "public": True}
    if request.headers.get("HX-Request"):
        return render(request, "suggestions/_similar.html", ctx)
    return render(request, "suggestions/public_similar.html", ctx)


@public_view
def suggestion(request, slug, code):
    """A suggestion's public page: the decision, the meeting, the tasks and their progress."""
    community = _community(slug)
    s = selectors.public_suggestion(community=community, code=code)
    if s is None:
        raise Http404
    primary = s.primary
    if primary.pk != s.pk:
        primary = selectors.public_suggestion(community=community, pk=primary.pk)
    decisions = selectors.decisions_for(suggestion_ids=[s.pk, primary.pk])
    return render(request, "suggestions/public_suggestion.html", {
        "community": community, "s": s, "primary": primary, "decisions": decisions, "tasks": [t for t in primary.tasks.all() if t.plan.is_published],
        "duplicates": len(primary.duplicates.all()), "board_url": reverse("public:board", args=[community.slug]),
    })


@public_view
def suggestion_report(request, slug, code):
    """Report a suggestion's public text (举报): personal data, abuse, advertising. Staff see
    the reports and may hide the text. Limited per address."""
    community = _community(slug)
    s = get_object_or_404(Suggestion.objects.select_related("community"), community=community, public_code=code)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if REPORT_GUARD.over_limit(request):
            form.add_error(None, _("You have sent several reports in a short time. Please try again in an hour."))
            status = 429
        else:
            services.suggestion_report(suggestion=s, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"])
            messages.success(request, _("Thank you. Staff will read your report."))
            return redirect("public:suggestion", slug=community.slug, code=s.public_code)
    elif request.method == "POST":
        status = 400
    return render(request, "suggestions/public_report.html", {"community": community, "s": s, "form": form, "public": True}, status=status)
