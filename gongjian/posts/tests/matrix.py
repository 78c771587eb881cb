"""Individual post-setting's share of the permission matrix
(accounts/tests/test_permission_matrix.py). Written by hand from the roles (posts/README.md):
staff see the posts of their communities, the community changes them; the district keeps the
catalogue; ``member`` and ``resident`` get their first reach: their own holdings and logs (the
member 张江滨 holds the 江滨 post); the liaison of 江滨单位 reads the log of 张江滨, its liaison."""

from __future__ import annotations

import datetime

from django.urls import reverse

STAFF = {"district", "street", "street_west", "community"}

HOLDERS = {
    "posts.manage_kinds": {"district"},
    "posts.view_post": set(STAFF),
    "posts.change_post": {"community"},
    "posts.export_roster": set(STAFF),
    "posts.claim_post": {"member", "resident"},
    "posts.log_service": {"member", "resident"},
    "posts.view_log": STAFF | {"liaison", "member", "resident"},
}

_JB = {"po:jiangbin", "h:jiangbin", "e:jiangbin", "k:kind"}
_FX = {"po:fuxing", "h:fuxing", "e:fuxing", "k:kind"}
IN = {
    "district": _JB | _FX,
    "street": _JB - {"k:kind"},
    "street_west": _FX - {"k:kind"},
    "community": _JB - {"k:kind"},
    "liaison": {"h:jiangbin", "e:jiangbin"},
    # The member claims posts of 江滨 and reads their own holding; the resident (no record)
    # may open the claim form of 江滨's posts, and nothing else.
    "member": {"po:jiangbin", "h:jiangbin", "e:jiangbin"},
    "resident": {"po:jiangbin"},
}

_HOLDING_CHANGE = {"community": {"h:jiangbin"}}
CHANGE = {
    "posts:post_edit": {"community": {"po:jiangbin"}},
    "posts:assign": {"community": {"po:jiangbin"}},
    "posts:holding_end": _HOLDING_CHANGE,
    "posts:holding_transfer": _HOLDING_CHANGE,
    "posts:holding_renew": _HOLDING_CHANGE,
    "posts:decide": {"community": {"h:pending"}},
    "posts:entry_review": {"community": {"e:jiangbin"}},
    "posts:post_create": {"community": {"c:jiangbin"}},
    "posts:roster_template": {"community": {"c:jiangbin"}},
    "posts:roster_import": {"community": {"c:jiangbin"}},
    "posts:entry_new": {"member": {"h:jiangbin"}},
}
IN["district"] |= {"h:pending"}
IN["street"] |= {"h:pending"}
IN["community"] |= {"h:pending"}


def png_upload(name: str = "patrol.png"):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 20, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def objects(world) -> dict:
    """A kind open to everyone; a 2010 post in 江滨 (held by 张江滨, with an entry, and a
    pending claim by 李江滨) and one in 富兴 (held by 李富兴, with an entry)."""
    from gongjian.posts import services

    kind = services.kind_create(
        actor=None,
        district=world.district,
        name="平安创建岗",
        duties="巡逻",
        categories=["no_post", "activist", "unit_member", "resident_member"],
    )
    other = services.kind_create(
        actor=None, district=world.district, name="文明劝导岗", duties="劝导", categories=["no_post", "activist"]
    )
    objs = {"k:kind": kind}
    for key, cname, holder in (("jiangbin", "江滨社区", "张江滨"), ("fuxing", "富兴社区", "李富兴")):
        post = services.post_create(actor=None, community=world.communities[cname], year=2010, kind=kind, capacity=3)
        holding = services.holding_assign(actor=None, post=post, person=world.people[holder], commitment="每周巡逻两次")
        entry = services.entry_add(
            actor=None, holding=holding, date=datetime.date(2010, 3, 2), hours=2, done="夜间巡逻", upload=png_upload()
        )
        objs.update({f"po:{key}": post, f"h:{key}": holding, f"e:{key}": entry})
    second = services.post_create(
        actor=None, community=world.communities["江滨社区"], year=2010, kind=other, capacity=2
    )
    objs["h:pending"] = services.holding_claim(
        actor=None, post=second, person=world.people["李江滨"], commitment="文明劝导"
    )
    return objs


def cases(world, objs) -> list[tuple[str, str, str | None]]:
    result = []
    for key in ("jiangbin", "fuxing"):
        post, holding, entry = objs[f"po:{key}"], objs[f"h:{key}"], objs[f"e:{key}"]
        for name in ("posts:post_detail", "posts:post_edit", "posts:assign", "posts:claim"):
            result.append((name, reverse(name, args=[post.pk]), f"po:{key}"))
        for name in (
            "posts:holding_detail",
            "posts:holding_end",
            "posts:holding_transfer",
            "posts:holding_renew",
            "posts:entry_new",
        ):
            result.append((name, reverse(name, args=[holding.pk]), f"h:{key}"))
        result.append(("posts:entry_review", reverse("posts:entry_review", args=[entry.pk]), f"e:{key}"))
        result.append(("posts:entry_evidence", reverse("posts:entry_evidence", args=[entry.pk]), f"e:{key}"))
        slug = post.community.slug
        for name in (
            "posts:community",
            "posts:hours",
            "posts:post_create",
            "posts:roster_export",
            "posts:log_export",
            "posts:roster_template",
            "posts:roster_import",
        ):
            result.append((name, reverse(name, args=[slug]), f"c:{key}"))
        for name in ("public:posts_roster", "public:posts_print", "public:posts_claim"):
            result.append((name, reverse(name, args=[slug]), None))
    result.append(("posts:decide", reverse("posts:decide", args=[objs["h:pending"].pk]), "h:pending"))
    result.append(("posts:kind_edit", reverse("posts:kind_edit", args=[objs["k:kind"].pk]), "k:kind"))
    for name in ("posts:home", "posts:kinds", "posts:kind_create", "posts:mine", "posts:profile", "posts:organisation"):
        result.append((name, reverse(name), None))
    return result

# Reviewed: the public roster and its print layout show holders' names as published and their
# mobiles masked; the claim form (我要认岗) is behind the public-form guard and shows nobody's data.
PUBLIC_OR_LOGIN = {"public:posts_roster": "public", "public:posts_print": "public", "public:posts_claim": "public"}
