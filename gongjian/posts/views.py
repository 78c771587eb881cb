"""Pages of individual post-setting. Thin: every view declares its permission and fetches its
object through the scoped querysets of ``access.py`` / ``selectors.py`` (out of reach: 404,
GET and POST alike), then calls a service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from gongjian.core import xlsx
from gongjian.core.forms import call_service
from gongjian.core.masking import mask_mobile
from gongjian.core.views_perm import permission_view
from gongjian.registry.models import Community
from gongjian.targets.models import Task

from . import access, io, selectors, services
from .forms import (
    AssignForm,
    CommitmentForm,
    DecideForm,
    EndForm,
    EntryForm,
    KindForm,
    PostForm,
    ProfileForm,
    ReviewForm,
    TransferForm,
    year_choice,
)
from .models import Holding, Post, PostKind, ServiceEntry


def _require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _staff_community(request, slug: str, perm: str = "posts.view_post") -> Community:
    community = get_object_or_404(
        selectors.staff_communities(user=request.user).select_related("street__district"), slug=slug
    )
    _require(request.user, perm, community)
    return community


def _year(request, community) -> int:
    years = selectors.post_years(community=community)
    from django.utils import timezone

    return year_choice(
        request.GET.get("year") or request.POST.get("year"), years[0] if years else timezone.localdate().year
    )


# -- staff: the catalogue ------------------------------------------------------------------------


@permission_view("posts.manage_kinds")
def kinds(request):
    items = list(selectors.kind_list(user=request.user).annotate(n_posts=Count("posts")))
    return render(request, "posts/kinds.html", {"kinds": items})


def _district(request):
    from gongjian.accounts.scope import get_scope
    from gongjian.registry.models import District

    scope = get_scope(request.user)
    qs = District.objects.all() if scope.everything else District.objects.filter(pk__in=scope.district_ids)
    district = qs.order_by("pk").first()
    if district is None:
        raise Http404
    return district


def _kind_form(request, district, kind=None):
    from gongjian.targets.models import WorkCategory

    initial = {}
    if kind is not None:
        initial = {
            f: getattr(kind, f)
            for f in ("name", "duties", "categories", "specialties", "work_category", "temporary", "order")
        }
        initial["version"] = kind.version
    return KindForm(
        request.POST or None,
        initial=initial,
        categories_qs=WorkCategory.objects.filter(district=district).order_by("order"),
    )


@permission_view("posts.manage_kinds")
def kind_create(request):
    district = _district(request)
    form = _kind_form(request, district)
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, lambda: services.kind_create(actor=request.user, district=district, **form.service_fields())
        ):
            messages.success(request, _("Saved."))
            return redirect("posts:kinds")
    return render(
        request, "posts/form.html", {"form": form, "title": _("New post kind"), "back": reverse("posts:kinds")}
    )


@permission_view("posts.manage_kinds")
def kind_edit(request, pk):
    kind = get_object_or_404(selectors.kind_list(user=request.user), pk=pk)
    form = _kind_form(request, kind.district, kind)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version")
        if call_service(
            form,
            lambda: services.kind_update(
                actor=request.user, kind=kind, expected_version=version, **form.service_fields()
            ),
        ):
            messages.success(request, _("Saved."))
            return redirect("posts:kinds")
    return render(request, "posts/form.html", {"form": form, "title": kind.name, "back": reverse("posts:kinds")})


# -- staff: posts of a community -----------------------------------------------------------------


@permission_view("posts.view_post")
def home(request):
    """The communities the user covers, with their posts and what waits for a decision."""
    communities = list(selectors.staff_communities(user=request.user))
    from django.utils import timezone

    year = year_choice(request.GET.get("year")) or (
        Post.objects.filter(community__in=communities).order_by("-year").values_list("year", flat=True).first()
        or timezone.localdate().year
    )
    counts = dict(
        Post.objects.filter(community__in=communities, year=year).values_list("community_id").annotate(n=Count("id"))
    )
    hours = selectors.community_hours(user=request.user, communities=communities, year=year)
    for c in communities:
        c.n_posts = counts.get(c.pk, 0)
        c.hours, c.entries = hours.get(c.pk, (0, 0))
    return render(request, "posts/home.html", {"communities": communities, "year": year})


@permission_view("posts.view_post")
def hours(request, slug):
    """Confirmed service hours of a community's holders in a year: by person, post, month and year."""
    community = _staff_community(request, slug)
    year = _year(request, community)
    entries = access.staff_entries(request.user).filter(holding__post__community=community, holding__post__year=year)
    totals = selectors.totals(entries)
    sections = [
        ("year", _("By year"), totals["year"]),
        ("month", _("By month"), totals["month"]),
        ("post", _("By post"), totals["post"]),
        ("person", _("By person"), totals["person"]),
    ]
    return render(request, "posts/hours.html", {"community": community, "year": year, "sections": sections})


#: Queries of the community page: the community (with the user's scope), its years, the posts
#: with their holders, the waiting claims and the waiting entries (seven in all, whatever the number of posts).
COMMUNITY_QUERIES = 7


@permission_view("posts.view_post")
def community(request, slug):
    community = _staff_community(request, slug)
    year = _year(request, community)
    posts = list(selectors.post_list(user=request.user, community=community, year=year))
    pending = list(selectors.pending_holdings(user=request.user).filter(post__community=community)[:100])
    entries = list(selectors.pending_entries(user=request.user).filter(holding__post__community=community)[:100])
    full = access.may_see_full(request.user, community)
    for p in posts:
        p.taken = sum(1 for h in p.holders if h.status in Holding.OPEN)
        for h in p.holders:
            h.shown_mobile = _mobile(h, full)
    return render(
        request,
        "posts/community.html",
        {
            "community": community,
            "year": year,
            "years": selectors.post_years(community=community),
            "posts": posts,
            "pending": pending,
            "entries": entries,
            "can_change": request.user.has_perm("posts.change_post", community),
        },
    )


def _mobile(holding: Holding, full: bool) -> str:
    mobile = holding.person.mobile if holding.person_id else holding.applicant_mobile
    return mobile if full else mask_mobile(mobile)


def _tasks(community, year):
    return Task.objects.filter(plan__community=community, plan__year=year).select_related("plan").order_by("number")


@permission_view("posts.change_post")
def post_create(request, slug):
    community = _staff_community(request, slug, "posts.change_post")
    year = _year(request, community)
    kinds_qs = PostKind.objects.filter(district_id=community.street.district_id).exclude(
        posts__community=community, posts__year=year
    )
    form = PostForm(request.POST or None, kinds=kinds_qs, tasks=_tasks(community, year))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        post = call_service(
            form,
            lambda: services.post_create(
                actor=request.user,
                community=community,
                year=year,
                kind=d["kind"],
                capacity=d["capacity"],
                note=d["note"],
                tasks=d["tasks"],
            ),
        )
        if post:
            messages.success(request, _("The post is set."))
            return redirect(f"{reverse('posts:community', args=[community.slug])}?year={year}")
    return render(
        request,
        "posts/form.html",
        {
            "form": form,
            "title": _("New post of %(community)s in %(year)s") % {"community": community, "year": year},
            "back": reverse("posts:community", args=[community.slug]),
            "year": year,
        },
    )


def _post(request, pk, perm="posts.view_post") -> Post:
    post = get_object_or_404(access.posts(request.user).select_related("kind", "community", "community__street"), pk=pk)
    _require(request.user, perm, post)
    return post


@permission_view("posts.view_post")
def post_detail(request, pk):
    post = _post(request, pk)
    post = selectors.post_list(user=request.user).get(pk=post.pk)
    full = access.may_see_full(request.user, post)
    for h in post.holders:
        h.shown_mobile = _mobile(h, full)
    return render(
        request,
        "posts/post_detail.html",
        {"post": post, "can_change": request.user.has_perm("posts.change_post", post)},
    )


@permission_view("posts.change_post")
def post_edit(request, pk):
    post = _post(request, pk, "posts.change_post")
    initial = {"capacity": post.capacity, "note": post.note, "tasks": list(post.tasks.all()), "version": post.version}
    form = PostForm(request.POST or None, initial=initial, tasks=_tasks(post.community, post.year), editing=True)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if call_service(
            form,
            lambda: services.post_update(
                actor=request.user,
                post=post,
                expected_version=d.get("version"),
                capacity=d["capacity"],
                note=d["note"],
                tasks=d["tasks"],
            ),
        ):
            messages.success(request, _("Saved."))
            return redirect("posts:post_detail", pk=post.pk)
    return render(
        request,
        "posts/form.html",
        {"form": form, "title": str(post), "back": reverse("posts:post_detail", args=[post.pk])},
    )


@permission_view("posts.change_post")
def assign(request, pk):
    post = _post(request, pk, "posts.change_post")
    form = AssignForm(
        request.POST or None,
        people=selectors.claimable_people(post),
        kind=post.kind,
        initial={"commitment": post.kind.duties},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if call_service(
            form,
            lambda: services.holding_assign(
                actor=request.user,
                post=post,
                person=d["person"],
                commitment=d["commitment"],
                start=d["start"],
                end=d["end"],
            ),
        ):
            messages.success(request, _("%(person)s now holds the post.") % {"person": d["person"].name})
            return redirect("posts:post_detail", pk=post.pk)
    return render(
        request,
        "posts/form.html",
        {
            "form": form,
            "title": _("Assign a holder to %(post)s") % {"post": post},
            "back": reverse("posts:post_detail", args=[post.pk]),
        },
    )


# -- claims --------------------------------------------------------------------------------------


@permission_view("posts.claim_post")
def claim(request, pk):
    """A member claims a post of their community on their phone; the community approves."""
    post = get_object_or_404(access.claimable_posts(request.user).select_related("kind", "community"), pk=pk)
    person = access.own_person(request.user)
    form = CommitmentForm(request.POST or None, initial={"commitment": post.kind.duties})
    if person is not None and request.method == "POST" and form.is_valid():
        if call_service(
            form,
            lambda: services.holding_claim(
                actor=request.user, post=post, person=person, commitment=form.cleaned_data["commitment"]
            ),
        ):
            messages.success(request, _("Your claim is sent; the community Party organisation will approve it."))
            return redirect("posts:mine")
    return render(request, "posts/claim.html", {"post": post, "form": form, "no_person": person is None})


@permission_view("posts.change_post")
def decide(request, pk):
    holding = get_object_or_404(
        access.staff_holdings(request.user).select_related("post", "post__kind", "post__community", "person"), pk=pk
    )
    _require(request.user, "posts.change_post", holding)
    form = DecideForm(request.POST or None, initial={"version": holding.version, "decision": "approve"})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved = call_service(
            form,
            lambda: services.holding_decide(
                actor=request.user,
                holding=holding,
                approve=d["decision"] == "approve",
                reason=d["reason"],
                phone_confirmed=d["phone_confirmed"],
                expected_version=d.get("version"),
            ),
        )
        if saved:
            messages.success(request, _("Approved.") if saved.status == Holding.Status.ACTIVE else _("Declined."))
            return redirect(
                f"{reverse('posts:community', args=[holding.post.community.slug])}?year={holding.post.year}"
            )
    shown_mobile = _mobile(holding, access.may_see_full(request.user, holding))
    return render(request, "posts/decide.html", {"holding": holding, "form": form, "shown_mobile": shown_mobile})


def _staff_holding(request, pk) -> Holding:
    holding = get_object_or_404(
        access.staff_holdings(request.user).select_related("post", "post__kind", "post__community", "person"), pk=pk
    )
    _require(request.user, "posts.change_post", holding)
    return holding


@permission_view("posts.change_post")
def holding_end(request, pk):
    holding = _staff_holding(request, pk)
    form = EndForm(request.POST or None, initial={"version": holding.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if call_service(
            form,
            lambda: services.holding_end(
                actor=request.user, holding=holding, end=d["end"], reason=d["reason"], expected_version=d.get("version")
            ),
        ):
            messages.success(request, _("The holding has ended."))
            return redirect("posts:holding_detail", pk=holding.pk)
    return render(
        request,
        "posts/form.html",
        {
            "form": form,
            "title": _("End %(holding)s") % {"holding": holding},
            "back": reverse("posts:holding_detail", args=[holding.pk]),
        },
    )


@permission_view("posts.change_post")
def holding_transfer(request, pk):
    holding = _staff_holding(request, pk)
    form = TransferForm(
        request.POST or None, people=selectors.claimable_people(holding.post).exclude(pk=holding.person_id)
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        new = call_service(
            form,
            lambda: services.holding_transfer(
                actor=request.user, holding=holding, person=d["person"], commitment=d["commitment"], on=d["on"]
            ),
        )
        if new:
            messages.success(request, _("%(person)s now holds the post.") % {"person": new.person.name})
            return redirect("posts:holding_detail", pk=new.pk)
    return render(
        request,
        "posts/form.html",
        {
            "form": form,
            "title": _("Hand over %(holding)s") % {"holding": holding},
            "back": reverse("posts:holding_detail", args=[holding.pk]),
        },
    )


@permission_view("posts.change_post")
def holding_renew(request, pk):
    holding = _staff_holding(request, pk)
    form = CommitmentForm(request.POST or None, initial={"commitment": holding.commitment})
    if request.method == "POST" and form.is_valid():
        new = call_service(
            form,
            lambda: services.holding_renew(
                actor=request.user, holding=holding, commitment=form.cleaned_data["commitment"]
            ),
        )
        if new:
            messages.success(request, _("Renewed into %(year)s.") % {"year": new.post.year})
            return redirect("posts:holding_detail", pk=new.pk)
    return render(
        request,
        "posts/form.html",
        {
            "form": form,
            "title": _("Renew %(holding)s into next year") % {"holding": holding},
            "back": reverse("posts:holding_detail", args=[holding.pk]),
        },
    )


# -- the service log -----------------------------------------------------------------------------

#: Queries of a holding's log page: the holding, its entries and the five totals.
HOLDING_QUERIES = 7


@permission_view("posts.view_log")
def holding_detail(request, pk):
    """A holding and its service log with totals; staff confirm or return entries, the holder
    adds entries, the liaison of the holder's organisation reads it (mobiles masked)."""
    holding = get_object_or_404(selectors.holding_detail(user=request.user), pk=pk)
    user = request.user
    entries = selectors.holding_entries(holding)
    full = access.may_see_full(user, holding)
    return render(
        request,
        "posts/holding_detail.html",
        {
            "holding": holding,
            "entries": entries,
            "totals": selectors.totals(holding.entries.all()),
            "shown_mobile": _mobile(holding, full) if holding.person_id or holding.applicant_mobile else "",
            "is_own": holding.person_id in access.own_person_ids(user),
            "is_staff": access.may_see_full(user, holding),
            "can_change": user.has_perm("posts.change_post", holding),
        },
    )


@permission_view("posts.log_service")
def entry_new(request, pk):
    holding = get_object_or_404(
        access.own_holdings(request.user).select_related("post", "post__kind", "post__community"), pk=pk
    )
    _require(request.user, "posts.log_service", holding)
    form = EntryForm(request.POST or None, request.FILES or None, holding=holding)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if call_service(
            form,
            lambda: services.entry_add(
                actor=request.user,
                holding=holding,
                date=d["date"],
                hours=d["hours"],
                done=d["done"],
                upload=d["evidence"],
            ),
        ):
            messages.success(
                request, _("Logged: %(hours)s h on %(date)s.") % {"hours": d["hours"].normalize(), "date": d["date"]}
            )
            return redirect("posts:holding_detail", pk=holding.pk)
    return render(
        request,
        "posts/form.html",
        {
            "form": form,
            "title": _("Log service on %(post)s") % {"post": holding.post},
            "back": reverse("posts:holding_detail", args=[holding.pk]),
            "multipart": True,
        },
    )


@permission_view("posts.change_post")
def entry_review(request, pk):
    entry = get_object_or_404(
        access.staff_entries(request.user).select_related(
            "holding", "holding__post", "holding__post__kind", "holding__post__community", "holding__person"
        ),
        pk=pk,
    )
    _require(request.user, "posts.change_post", entry.holding)
    form = ReviewForm(request.POST or None, initial={"version": entry.version, "decision": "confirm"})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved = call_service(
            form,
            lambda: services.entry_review(
                actor=request.user,
                entry=entry,
                confirm=d["decision"] == "confirm",
                reason=d["reason"],
                expected_version=d.get("version"),
            ),
        )
        if saved:
            messages.success(
                request, _("Confirmed.") if saved.status == ServiceEntry.Status.CONFIRMED else _("Returned.")
            )
            nxt = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
                nxt = reverse("posts:holding_detail", args=[entry.holding_id])
            return redirect(nxt)
    return render(request, "posts/review.html", {"entry": entry, "form": form})


@permission_view("posts.view_log")
def entry_evidence(request, pk):
    entry = get_object_or_404(access.entries(request.user).exclude(evidence=""), pk=pk)
    try:
        handle = entry.evidence.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    inline = entry.evidence_type.startswith("image/") or entry.evidence_type == "application/pdf"
    response = FileResponse(
        handle,
        content_type=entry.evidence_type or "application/octet-stream",
        as_attachment=not inline,
        filename=entry.evidence_name or None,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


# -- members: my posts and my profile ------------------------------------------------------------


@permission_view("posts.claim_post")
def mine(request):
    """My holdings with their hours, and the posts of my communities I may still claim."""
    person = access.own_person(request.user)
    holdings = list(selectors.my_holdings(user=request.user))
    held = {h.post_id for h in holdings if h.status in Holding.OPEN}
    open_posts = []
    if person is not None:
        ids = access.claimable_communities(request.user)
        qs = (
            Post.objects.filter(community_id__in=ids)
            if ids is not None
            else Post.objects.filter(community_id=person.community_id)
        )
        latest = qs.order_by("-year").values_list("year", flat=True).first()
        qs = (
            qs.filter(year=latest)
            .annotate(taken=Count("holdings", filter=Q(holdings__status__in=Holding.OPEN)))
            .select_related("kind", "community")
        )
        open_posts = [
            p
            for p in qs.order_by("community__name", "kind__order")
            if p.pk not in held and p.taken < p.capacity and person.category in p.kind.categories
        ]
        for p in open_posts:
            p.matches = p.kind.matches(person)
        open_posts.sort(key=lambda p: -len(p.matches))  # the best person for the post: matching specialties first
    return render(request, "posts/mine.html", {"person": person, "holdings": holdings, "open_posts": open_posts})


@permission_view("posts.claim_post")
def profile(request):
    """A member edits their own specialties and availability."""
    person = access.own_person(request.user)
    initial = (
        {"specialties": person.specialties, "availability": person.availability, "version": person.version}
        if person
        else {}
    )
    form = ProfileForm(request.POST or None, initial=initial)
    if person is not None and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if call_service(
            form,
            lambda: services.profile_update(
                actor=request.user,
                person=person,
                specialties=d["specialties"],
                availability=d["availability"],
                expected_version=d.get("version"),
            ),
        ):
            messages.success(request, _("Saved."))
            return redirect("accounts:me")
    return render(
        request,
        "posts/form.html",
        {
            "form": form,
            "title": _("My specialties and availability"),
            "back": reverse("accounts:me"),
            "no_person": person is None,
        },
    )


@permission_view("posts.view_log")
def organisation(request):
    """For a liaison: the posts held by people of its organisations, each log read-only."""
    holdings = list(selectors.organisation_holdings(user=request.user)[:500])
    for h in holdings:
        h.shown_mobile = mask_mobile(h.person.mobile)
    return render(request, "posts/organisation.html", {"holdings": holdings})


# -- Excel ---------------------------------------------------------------------------------------


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@permission_view("posts.export_roster")
def roster_export(request, slug):
    community = _staff_community(request, slug)
    year = _year(request, community)
    spec = io.RosterSheet(community, year)
    qs = access.staff_holdings(request.user).filter(
        post__community=community, post__year=year, status__in=[Holding.Status.ACTIVE, Holding.Status.ENDED]
    )
    return _xlsx_response(
        xlsx.export_workbook(spec, spec.export_queryset(qs), user=request.user),
        f"{community.name}-{year}-{spec.name}.xlsx",
    )


@permission_view("posts.export_roster")
def log_export(request, slug):
    community = _staff_community(request, slug)
    year = _year(request, community)
    spec = io.ServiceLogSheet()
    qs = access.staff_entries(request.user).filter(holding__post__community=community, holding__post__year=year)
    return _xlsx_response(
        xlsx.export_workbook(spec, spec.export_queryset(qs), user=request.user),
        f"{community.name}-{year}-{spec.name}.xlsx",
    )


@permission_view("posts.change_post")
def roster_template(request, slug):
    community = _staff_community(request, slug, "posts.change_post")
    spec = io.RosterSheet(community, _year(request, community))
    return _xlsx_response(xlsx.template_workbook(spec), _("%(sheet)s import template.xlsx") % {"sheet": spec.name})


@permission_view("posts.change_post")
def roster_import(request, slug):
    from gongjian.targets.forms import UploadForm

    community = _staff_community(request, slug, "posts.change_post")
    year = _year(request, community)
    spec = io.RosterSheet(community, year)
    form = UploadForm(request.POST or None, request.FILES or None)
    result = None
    back = f"{reverse('posts:community', args=[community.slug])}?year={year}"
    if request.method == "POST" and form.is_valid():
        try:
            result = xlsx.import_rows(spec, xlsx.read_rows(form.cleaned_data["file"]), request.user)
        except xlsx.ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            if result.written:
                messages.success(
                    request,
                    _("Imported: %(created)d added, %(updated)d changed, %(unchanged)d unchanged.")
                    % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
                )
                return redirect(back)
    return render(
        request,
        "posts/import.html",
        {
            "form": form,
            "result": result,
            "back": back,
            "year": year,
            "title": _("Import the post roster of %(community)s in %(year)s") % {"community": community, "year": year},
            "template_url": f"{reverse('posts:roster_template', args=[community.slug])}?year={year}",
        },
    )
