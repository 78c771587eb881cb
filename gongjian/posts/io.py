"""Excel for individual post-setting, on the column-spec engine of ``gongjian.core.xlsx``:

- the roster (认岗名册) of one community and year: exported as it stands (mobiles masked unless
  the reader is staff of the community), imported all or nothing (an empty ID assigns the
  person to the post, an ID updates that holding's commitment and term), as a template;
- the service-log sheet (服务记录表): every entry of the community's holders in the year.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from gongjian.core import xlsx
from gongjian.core.changelog import snapshot
from gongjian.core.exceptions import ApplicationError
from gongjian.core.masking import mask_mobile
from gongjian.core.services import update_logged
from gongjian.core.xlsx import CleanRow, Column, ImportContext, Integer, RowError, SheetSpec, Text
from gongjian.registry.models import Person
from gongjian.targets.io import DateValue

from . import services
from .models import Holding, Post, ServiceEntry

EXPORT_ONLY = pgettext_lazy("excel help", "Filled in by the export; ignored on import.")


def _mobile(person, ctx) -> str:
    if person is None:
        return ""
    return person.mobile if ctx.full(person) else mask_mobile(person.mobile)


def _date(value) -> str:
    return value.isoformat() if value else ""


class RosterSheet(SheetSpec):
    """认岗名册: one row per holding of a community's posts in one year."""

    kind = "post_roster"
    name = pgettext_lazy("excel sheet", "Post roster")
    model = Holding
    notes = (
        pgettext_lazy(
            "excel help", "One sheet is one community's roster for one year: import it on that community's posts page."
        ),
        pgettext_lazy(
            "excel help",
            "The holder is found by name (and mobile, when two share a name) among the people of the community or of an organisation standing in or serving it.",
        ),
    )

    def __init__(self, community, year: int):
        self.community, self.year = community, year
        self.columns = [
            Column(
                "id",
                pgettext_lazy("excel column", "Holding ID"),
                parse=Integer(min_value=1),
                export=lambda h, ctx: h.pk,
                help=pgettext_lazy(
                    "excel help", "Empty for a new holder; filled in by the export to update that holding."
                ),
                width=8,
            ),
            Column(
                "post",
                pgettext_lazy("excel column", "Post"),
                required=True,
                export=lambda h, ctx: h.post.kind.name,
                help=pgettext_lazy("excel help", "The post kind, one of the community's posts of the year."),
                example="平安创建岗",
                width=14,
            ),
            Column(
                "name",
                pgettext_lazy("excel column", "Name"),
                required=True,
                export=lambda h, ctx: h.holder_name,
                example="张三",
                width=10,
            ),
            Column(
                "mobile",
                pgettext_lazy("excel column", "Mobile"),
                parse=Text(compact=True),
                export=lambda h, ctx: _mobile(h.person, ctx),
                help=pgettext_lazy("excel help", "Needed only when two people share the name."),
                width=14,
                text_format=True,
            ),
            Column(
                "commitment",
                pgettext_lazy("excel column", "Commitment"),
                required=True,
                example="每周巡逻两次，发现隐患及时报告",
                width=36,
            ),
            Column(
                "start",
                pgettext_lazy("excel column", "From"),
                parse=DateValue(),
                export=lambda h, ctx: _date(h.start),
                help=pgettext_lazy("excel help", "Empty: the start of the year (or today)."),
                width=12,
            ),
            Column(
                "end",
                pgettext_lazy("excel column", "To"),
                parse=DateValue(),
                export=lambda h, ctx: _date(h.end),
                help=pgettext_lazy("excel help", "Empty: the end of the year."),
                width=12,
            ),
            Column(
                "status",
                pgettext_lazy("excel column", "Status"),
                export=lambda h, ctx: h.get_status_display(),
                help=EXPORT_ONLY,
                width=10,
            ),
        ]

    def export_queryset(self, queryset):
        return queryset.select_related("post", "post__kind", "person").order_by(
            "post__kind__order", "post__kind__name", "id"
        )

    def prepare(self, ctx: ImportContext, rows: list[CleanRow]) -> None:
        posts = {
            p.kind.name: p
            for p in Post.objects.filter(community=self.community, year=self.year).select_related("kind", "community")
        }
        ctx.data["posts"] = posts
        existing = {
            h.pk: h
            for h in Holding.objects.filter(post__in=posts.values()).select_related("post", "post__kind", "person")
        }
        ctx.data["existing"] = existing
        ctx.data["versions"] = {pk: h.version for pk, h in existing.items()}
        names = {r.values.get("name") for r in rows if r.values.get("name")}
        eligible = {}
        for post in posts.values():
            for person in services.eligible_people(post).filter(name__in=names):
                eligible.setdefault((post.pk, person.name), []).append(person)
        ctx.data["eligible"] = eligible
        ctx.data["anywhere"] = {}
        for person in Person.objects.filter(name__in=names).select_related("community"):
            ctx.data["anywhere"].setdefault(person.name, []).append(person)
        ctx.data["may_change"] = ctx.user.has_perm("posts.change_post", self.community)

    def build(self, ctx, row):
        if not ctx.data["may_change"]:
            raise ValidationError(
                {"id": _("You may not change the posts of %(community)s.") % {"community": self.community}}
            )
        v = row.values
        post = ctx.data["posts"].get(v["post"])
        if post is None:
            raise ValidationError(
                {
                    "post": _("%(community)s has no “%(post)s” in %(year)s; set the post first. Its posts: %(posts)s.")
                    % {
                        "community": self.community,
                        "post": v["post"],
                        "year": self.year,
                        "posts": "、".join(ctx.data["posts"]) or "—",
                    }
                }
            )
        candidates = ctx.data["eligible"].get((post.pk, v["name"]), [])
        if v.get("mobile") and "*" not in v["mobile"]:
            candidates = [p for p in candidates if p.mobile == v["mobile"]]
        if not candidates:
            elsewhere = [p for p in ctx.data["anywhere"].get(v["name"], []) if p.community_id != self.community.pk]
            if elsewhere:
                raise ValidationError(
                    {
                        "name": _(
                            "%(name)s is a person of %(other)s, not of %(community)s nor of an organisation serving it."
                        )
                        % {"name": v["name"], "other": elsewhere[0].community.name, "community": self.community}
                    }
                )
            raise ValidationError(
                {
                    "name": _(
                        "No one named %(name)s may hold %(post)s in %(community)s (check the name, the mobile and the person's category)."
                    )
                    % {"name": v["name"], "post": post.kind.name, "community": self.community}
                }
            )
        if len(candidates) > 1:
            raise ValidationError(
                {"mobile": _("Several people are named %(name)s: add the mobile.") % {"name": v["name"]}}
            )
        person = candidates[0]
        row.extra.update(post=post, person=person)
        pk = v.get("id")
        if pk:
            obj = ctx.data["existing"].get(pk)
            if obj is None:
                raise ValidationError({"id": _("There is no holding with ID %(id)s in this roster.") % {"id": pk}})
            if obj.post_id != post.pk or obj.person_id != person.pk:
                raise ValidationError(
                    {
                        "id": _("Holding %(id)s is %(holding)s; its post and holder cannot change on import.")
                        % {"id": pk, "holding": obj}
                    }
                )
            row.before, row.extra["version"] = snapshot(obj), ctx.data["versions"][pk]
            changed = {
                f: v[f] for f in ("commitment", "start", "end") if f in ctx.present and v[f] and v[f] != getattr(obj, f)
            }
            row.obj, row.extra["changes"] = obj, changed
            row.action = "update" if changed else "unchanged"
        else:
            row.action = "create"

    def check(self, ctx, rows):
        errors, seen = [], {}
        for row in rows:
            if row.action != "create":
                continue
            key = (row.extra["post"].pk, row.extra["person"].pk)
            if key in seen:
                errors.append(
                    RowError(
                        row.number,
                        self.header_for("name"),
                        _("The same person is listed twice for this post (row %(row)s).") % {"row": seen[key]},
                    )
                )
            seen.setdefault(key, row.number)
        return errors

    def write(self, ctx, rows):
        for row in rows:
            v = row.values
            try:
                if row.action == "create":
                    services.holding_assign(
                        actor=ctx.user,
                        post=row.extra["post"],
                        person=row.extra["person"],
                        commitment=v["commitment"],
                        start=v.get("start"),
                        end=v.get("end"),
                        via=Holding.Via.IMPORT,
                        source=xlsx.SOURCE,
                    )
                elif row.action == "update":
                    update_logged(
                        row.obj,
                        actor=ctx.user,
                        expected_version=row.extra["version"],
                        source=xlsx.SOURCE,
                        **row.extra["changes"],
                    )
            except ApplicationError as exc:
                raise xlsx.RowConflict([RowError(row.number, self.header_for("name"), str(exc.message))]) from None
            except ValidationError as exc:
                raise xlsx.RowConflict(xlsx.errors_from_validation(self, row.number, exc)) from None


class ServiceLogSheet(SheetSpec):
    """服务记录表: every service entry of a community's holders in one year (export only)."""

    kind = "post_service_log"
    name = pgettext_lazy("excel sheet", "Service log")
    model = ServiceEntry
    columns = [
        Column("id", pgettext_lazy("excel column", "Entry ID"), export=lambda e, ctx: e.pk, width=8),
        Column("name", pgettext_lazy("excel column", "Name"), export=lambda e, ctx: e.holding.holder_name, width=10),
        Column("post", pgettext_lazy("excel column", "Post"), export=lambda e, ctx: e.holding.post.kind.name, width=14),
        Column("date", pgettext_lazy("excel column", "Date"), export=lambda e, ctx: _date(e.date), width=12),
        Column("hours", pgettext_lazy("excel column", "Hours"), export=lambda e, ctx: float(e.hours), width=8),
        Column("done", pgettext_lazy("excel column", "What was done"), width=40),
        Column(
            "status", pgettext_lazy("excel column", "Status"), export=lambda e, ctx: e.get_status_display(), width=10
        ),
        Column("reason", pgettext_lazy("excel column", "Reason returned"), width=24),
    ]

    def export_queryset(self, queryset):
        return queryset.select_related("holding", "holding__post", "holding__post__kind", "holding__person").order_by(
            "holding__person__name", "date", "id"
        )
