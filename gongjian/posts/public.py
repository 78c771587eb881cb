"""The public pages of individual post-setting, under the community's board ``/c/<slug>/posts/``:
the roster (every post, its holders with names as published and mobiles masked, duties and
commitments), its print layout with QR codes, and 我要认岗, the claim form for volunteers
without an account (honeypot and per-address limit, as the board's feedback form)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core.exceptions import ApplicationError
from gongjian.core.guard import FormGuard
from gongjian.core.masking import mask_mobile
from gongjian.core.qr import qr_svg
from gongjian.core.views_perm import public_view
from gongjian.registry.models import Community

from . import selectors, services
from .forms import PublicClaimForm, year_choice
from .models import Post

PRINT_SIZES = ("A3", "A4")
#: Queries of the roster: the community, its years, the posts, their holders.
ROSTER_QUERIES = 4


def _community(slug: str) -> Community:
    return get_object_or_404(Community.objects.select_related("street", "street__district"), slug=slug)


def _roster(request, community) -> dict:
    asked = year_choice(request.GET.get("year"))
    years = selectors.post_years(community=community)
    year = asked if asked in years else (years[0] if years and asked is None else None)
    if year is None and asked is not None:
        raise Http404
    posts = selectors.roster_posts(community=community, year=year) if year else []
    for p in posts:
        p.free = max(p.capacity - len(p.holders), 0)
        for h in p.holders:
            h.shown_mobile = mask_mobile(h.person.mobile if h.person_id else "")
    return {
        "community": community,
        "year": year,
        "years": years,
        "posts": posts,
        "holders": sum(len(p.holders) for p in posts),
    }


@public_view
def roster(request, slug):
    community = _community(slug)
    return render(request, "posts/roster.html", _roster(request, community))


@public_view
def roster_print(request, slug):
    community = _community(slug)
    size = request.GET.get("size", "A3").upper()
    if size not in PRINT_SIZES:
        size = "A3"
    ctx = _roster(request, community)
    roster_url = request.build_absolute_uri(reverse("public:posts_roster", args=[community.slug]))
    claim_url = request.build_absolute_uri(reverse("public:posts_claim", args=[community.slug]))
    ctx.update(
        size=size,
        roster_url=roster_url,
        claim_url=claim_url,
        printed_on=timezone.localdate(),
        qr_roster=qr_svg(roster_url, label=_("QR code of this roster")),
        qr_claim=qr_svg(claim_url, label=_("QR code of the claim form")),
    )
    return render(request, "posts/roster_print.html", ctx)


CLAIM_GUARD = FormGuard("posts_claim")


@public_view
def public_claim(request, slug):
    """我要认岗: anyone may claim a post of the community that has a free place; staff confirm
    the claim by phone before it shows on the roster."""
    community = _community(slug)
    year = selectors.roster_year(community=community, year=None)
    posts = (
        Post.objects.filter(community=community, year=year).select_related("kind").order_by("kind__order", "kind__name")
    )
    form = PublicClaimForm(request.POST or None, posts=posts, initial={"post": request.GET.get("post")})
    status = 200
    back = reverse("public:posts_roster", args=[community.slug])
    if request.method == "POST" and form.is_valid():
        if CLAIM_GUARD.over_limit(request):
            form.add_error(None, _("You have sent a lot in a short time. Please try again in an hour."))
            status = 429
        elif CLAIM_GUARD.is_robot(request):
            messages.success(request, _("Thank you. Staff will call you to confirm your claim."))
            return redirect(back)
        else:
            d = form.cleaned_data
            try:
                services.holding_claim_public(
                    post=d["post"], name=d["name"], mobile=d["mobile"], commitment=d["commitment"]
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Thank you. Staff will call you to confirm your claim."))
                return redirect(back)
    form.refresh_stamp()
    return render(
        request, "posts/public_claim.html", {"community": community, "form": form, "year": year}, status=status
    )
