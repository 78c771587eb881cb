"""The solicitation's and its public pages' share of the permission matrix
(accounts/tests/test_permission_matrix.py), written by hand from the roles (README.md): staff
see suggestions in their scope, a liaison its community's; the community Party organisation
enters and merges; the public form and pages are open to everyone."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

STAFF = {"district", "street", "street_west", "community"}

HOLDERS = {
    "suggestions.view_suggestion": STAFF | {"liaison"},
    "suggestions.view_contact": STAFF,
    "suggestions.hide_suggestion": STAFF,
    "suggestions.manage_campaign": {"community"},
    "suggestions.enter_suggestion": {"community"},
    "suggestions.merge_suggestion": {"community"},
}

_JB = {"sc:jiangbin", "sg:jiangbin"}
_FX = {"sc:fuxing", "sg:fuxing"}
IN = {"district": _JB | _FX, "street": set(_JB), "street_west": set(_FX), "community": set(_JB), "liaison": set(_JB)}
CHANGE = {
    "suggestions:suggestion_create": {"community": {"sc:jiangbin"}},
    "suggestions:suggestion_merge": {"community": {"sg:jiangbin"}},
    "suggestions:campaign_edit": {"community": {"sc:jiangbin"}},
    "suggestions:campaign_close": {"community": {"sc:jiangbin"}},
    "suggestions:campaign_template": {"community": {"sc:jiangbin"}},
    "suggestions:campaign_import": {"community": {"sc:jiangbin"}},
}


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 20, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def objects(world) -> dict:
    """A 2010 campaign in 江滨 and in 富兴, each with a paper suggestion and its photo."""
    from gongjian.suggestions import services

    objs = {}
    for key, cname in (("jiangbin", "江滨社区"), ("fuxing", "富兴社区")):
        campaign = services.campaign_create(actor=None, community=world.communities[cname], year=2010)
        suggestion = services.suggestion_enter(
            actor=None, campaign=campaign, body="建议更换楼道声控灯", source_category="residents", channel="door",
            photo=SimpleUploadedFile("paper.png", _png(), content_type="image/png"),
        )
        objs.update({f"sc:{key}": campaign, f"sg:{key}": suggestion})
    return objs


def cases(world, objs) -> list[tuple[str, str, str | None]]:
    result = []
    for key in ("jiangbin", "fuxing"):
        campaign, suggestion = objs[f"sc:{key}"], objs[f"sg:{key}"]
        for name in (
            "suggestions:campaign_detail", "suggestions:suggestion_create", "suggestions:campaign_edit", "suggestions:campaign_close",
            "suggestions:campaign_export", "suggestions:campaign_template", "suggestions:campaign_import", "api-campaign-detail",
        ):
            result.append((name, reverse(name, args=[campaign.pk]), f"sc:{key}"))
        for name in ("suggestions:suggestion_detail", "suggestions:suggestion_merge", "suggestions:photo", "suggestions:suggestion_hide", "api-suggestion-detail"):
            result.append((name, reverse(name, args=[suggestion.pk]), f"sg:{key}"))
        slug = campaign.community.slug
        result.append(("public:suggest", reverse("public:suggest", args=[slug]), None))
        result.append(("public:suggest_similar", reverse("public:suggest_similar", args=[slug]), None))
        result.append(("public:suggestion", reverse("public:suggestion", args=[slug, suggestion.public_code]), None))
        result.append(("public:suggestion_report", reverse("public:suggestion_report", args=[slug, suggestion.public_code]), None))
    for name in ("suggestions:home", "suggestions:campaign_create", "suggestions:reported", "api-campaign-list", "api-suggestion-list"):
        result.append((name, reverse(name), None))
    return result
