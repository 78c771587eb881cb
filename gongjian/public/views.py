"""The public board (公开栏) every community has at ``/c/<slug>/``: no login, the year's tasks
with who leads them and how far they have got, a print layout for the physical wall board, and
residents' feedback (supervision), shown once staff have approved it.

Reads only: the board's data comes from ``targets.selectors.board_*`` (published plans only)
and the one write, a resident's feedback, goes through ``targets.services.feedback_submit``.
People are never shown with phone numbers; liaisons' names are masked, leaders' names and
posts are public as they were on the wall in the source's practice.
"""

from __future__ import annotations

from collections import OrderedDict

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjian.core.exceptions import ApplicationError
from gongjian.core.extensions import board_sections
from gongjian.core.guard import FormGuard, GuardedForm
from gongjian.core.views_perm import public_view
from gongjian.registry.models import Community
from gongjian.targets import selectors, services
from gongjian.targets.models import AnnualPlan, Task

from .qr import qr_svg

PRINT_SIZES = ("A3", "A4")


def _community(slug: str) -> Community:
    return get_object_or_404(Community.objects.select_related("street", "street__district"), slug=slug)


#: Queries the board makes itself (the community) besides its sections' budgets.
BOARD_QUERIES = 1


def _board(request, community: Community) -> dict:
    """The board's context: the community, then every registered board section's variables
    (``core.extensions.board_sections``) and ``sections``, the ones to render, in order. Its
    query count is ``BOARD_QUERIES`` plus the sum of the sections' budgets."""
    ctx, sections = board_sections.collect(request, community=community)
    ctx.update(community=community, sections=sections)
    return ctx


def board_query_budget() -> int:
    return BOARD_QUERIES + board_sections.budget()


@public_view
def index(request):
    """Every community's board, by street."""
    communities = Community.objects.select_related("street").order_by("street__name", "name")
    published = set(AnnualPlan.objects.filter(status=AnnualPlan.Status.PUBLISHED).values_list("community_id", flat=True))
    streets: OrderedDict = OrderedDict()
    for c in communities:
        streets.setdefault(c.street, []).append({"community": c, "published": c.pk in published})
    return render(request, "public/index.html", {"streets": list(streets.items())})


@public_view
def board(request, slug):
    """The community's public board: the year's tasks, lead units, responsible leaders,
    liaisons (masked), co-organisers, targets, deadlines and progress; residents' feedback with
    the staff's answers; the date it was last updated."""
    community = _community(slug)
    return render(request, "public/board.html", _board(request, community))


def _suggest_url(request, community: Community) -> str:
    """The suggestion form (征求意见) of the community, ``/c/<slug>/suggest/``."""
    return request.build_absolute_uri(reverse("public:board", args=[community.slug]) + "suggest/")


@public_view
def print_board(request, slug):
    """The wall board to print (A3 poster or A4), with QR codes to this board and to the
    community's suggestion form."""
    community = _community(slug)
    size = request.GET.get("size", "A3").upper()
    if size not in PRINT_SIZES:
        size = "A3"
    ctx = _board(request, community)
    board_url = request.build_absolute_uri(reverse("public:board", args=[community.slug]))
    suggest_url = _suggest_url(request, community)
    ctx.update(
        size=size,
        board_url=board_url,
        suggest_url=suggest_url,
        qr_board=qr_svg(board_url, label=_("QR code of this board")),
        qr_suggest=qr_svg(suggest_url, label=_("QR code of the suggestion form")),
        printed_on=timezone.localdate(),
    )
    return render(request, "public/print.html", ctx)


@public_view
def photo(request, slug, pk):
    """A photo of a report on the board (EXIF and location already stripped on upload)."""
    community = _community(slug)
    evidence = selectors.board_evidence(community=community, pk=pk)
    if evidence is None:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


class FeedbackForm(GuardedForm):
    body = forms.CharField(label=gettext_lazy("Your feedback"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}))
    name = forms.CharField(label=gettext_lazy("Your name (optional)"), max_length=30, required=False, help_text=gettext_lazy("Leave empty to stay anonymous. Shown on the board only as your surname."), widget=forms.TextInput(attrs={"class": "form-control"}))
    contact = forms.CharField(label=gettext_lazy("Phone or other contact (optional)"), max_length=60, required=False, help_text=gettext_lazy("Only staff see it, if they need to ask you something."), widget=forms.TextInput(attrs={"class": "form-control"}))


GUARD = FormGuard("feedback")


@public_view
def feedback(request, slug, pk):
    """Anyone may leave feedback on a task of the board (anonymous allowed); it shows once staff
    have approved it. Limited per address, with a honeypot field for robots."""
    community = _community(slug)
    task = get_object_or_404(
        Task.objects.select_related("plan", "lead_organisation"),
        pk=pk, plan__community=community, plan__status=AnnualPlan.Status.PUBLISHED,
    )
    form = FeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if GUARD.over_limit(request):
            form.add_error(None, _("You have sent a lot of feedback in a short time. Please try again in an hour."))
            status = 429
        elif GUARD.is_robot(request):
            # A robot: thank it as if it had worked, and keep nothing.
            messages.success(request, _("Thank you. Your feedback will appear on the board once staff have read it."))
            return redirect(f"{reverse('public:board', args=[community.slug])}?year={task.plan.year}#task-{task.pk}")
        else:
            data = form.cleaned_data
            try:
                services.feedback_submit(task=task, body=data["body"], name=data["name"], contact=data["contact"])
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Thank you. Your feedback will appear on the board once staff have read it."))
                return redirect(f"{reverse('public:board', args=[community.slug])}?year={task.plan.year}#task-{task.pk}")
    form.refresh_stamp()
    return render(request, "public/feedback.html", {"community": community, "task": task, "form": form}, status=status)
