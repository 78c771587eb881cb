"""Excel for the solicitation, on the shared column-spec engine (``core/xlsx.py``): a
campaign's suggestions exported (the contact column only for staff of the community: for
everyone else it stays empty), and a batch of paper suggestions imported into a campaign from
the template: all or nothing, every error by row and column in Chinese, each row written by
``services.suggestion_enter`` as the entry page does."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from gongjian.core import xlsx
from gongjian.core.masking import mask_name
from gongjian.core.xlsx import Choice, CleanRow, Column, ImportContext, Integer, RowError, SheetSpec

from . import services
from .models import Campaign, Channel, SourceCategory, Suggestion

EXPORT_ONLY = pgettext_lazy("excel help", "Filled in by the export; ignored on import.")


def _contact(s: Suggestion, ctx) -> str:
    """The contact only for staff of the suggestion's community; empty for everyone else."""
    return s.contact if ctx.full(s) else ""


def _submitter(s: Suggestion, ctx) -> str:
    if not s.submitter_name:
        return ""
    return s.submitter_name if ctx.full(s) else mask_name(s.submitter_name)


class SuggestionSheet(SheetSpec):
    """意见建议汇总表: one row per suggestion of one campaign. Import adds suggestions (a paper
    batch); it never changes suggestions already entered."""

    kind = "suggestions"
    name = pgettext_lazy("excel sheet", "Suggestions")
    model = Suggestion
    notes = (
        pgettext_lazy("excel help", "One sheet is one campaign's batch: import it on that campaign's page. Each row adds one suggestion."),
        pgettext_lazy("excel help", "Rows with an ID (from an export) cannot be imported: a batch only adds new suggestions."),
    )
    columns = [
        Column("id", pgettext_lazy("excel column", "Suggestion ID"), parse=Integer(min_value=1), export=lambda s, ctx: s.pk, help=EXPORT_ONLY, width=8),
        Column("body", pgettext_lazy("excel column", "Suggestion"), required=True, help=pgettext_lazy("excel help", "The suggestion as written on the paper (up to 1000 characters)."), example="建议在小区增设电动车充电桩", width=40),
        Column("source_category", pgettext_lazy("excel column", "Source category"), required=True, parse=Choice(SourceCategory.choices), help=pgettext_lazy("excel help", "Who it came from: one of the six categories."), example=SourceCategory.RESIDENTS.label, width=14),
        Column("channel", pgettext_lazy("excel column", "Channel"), required=True, parse=Choice(Channel.choices), help=pgettext_lazy("excel help", "How it was gathered: one of the six channels."), example=Channel.DOOR.label, width=14),
        Column("submitter_name", pgettext_lazy("excel column", "Submitted by"), export=_submitter, help=pgettext_lazy("excel help", "The submitter's name, if given (shown masked outside the community's staff)."), example="王秀英", width=10),
        Column("contact", pgettext_lazy("excel column", "Contact"), export=_contact, help=pgettext_lazy("excel help", "Phone or e-mail, if given; only the community's staff see it (for notices of the decision)."), width=16, text_format=True),
        Column("status", pgettext_lazy("excel column", "Status"), parse=Choice(Suggestion.Status.choices), help=EXPORT_ONLY, width=8),
        Column("created_at", pgettext_lazy("excel column", "Received"), export=lambda s, ctx: f"{s.created_at:%Y-%m-%d}", help=EXPORT_ONLY, width=11),
    ]

    def __init__(self, campaign: Campaign):
        self.campaign = campaign

    def prepare(self, ctx: ImportContext, rows: list[CleanRow]) -> None:
        ctx.data["may_enter"] = ctx.user.has_perm("suggestions.enter_suggestion", self.campaign)

    def build(self, ctx: ImportContext, row: CleanRow) -> None:
        if not ctx.data["may_enter"]:
            raise ValidationError({"body": _("You may not enter suggestions into this campaign.")})
        v = row.values
        if v.get("id"):
            raise ValidationError({"id": _("A batch only adds new suggestions: leave the ID empty (this row came from an export).")})
        obj = Suggestion(
            campaign=self.campaign, community_id=self.campaign.community_id, body=(v.get("body") or "").strip(),
            source_category=v["source_category"], channel=v["channel"], submitter_name=(v.get("submitter_name") or "").strip(),
            contact=(v.get("contact") or "").strip(),
        )
        obj.full_clean(exclude=["campaign", "community", "search_text", "gram_count"], validate_constraints=False)
        row.obj, row.action = obj, "create"

    def check(self, ctx: ImportContext, rows: list[CleanRow]) -> list[RowError]:
        if not self.campaign.is_open:
            return [RowError(0, "", _("%(campaign)s is closed: reopen it to enter suggestions.") % {"campaign": self.campaign.title})]
        seen: dict[str, int] = {}
        errors = []
        for row in rows:
            key = "".join((row.obj.body if row.obj else "").split())
            if key and key in seen:
                errors.append(RowError(row.number, self.header_for("body"), _("The same suggestion as row %(row)s.") % {"row": seen[key]}))
            seen.setdefault(key, row.number)
        return errors

    def write(self, ctx: ImportContext, rows: list[CleanRow]) -> None:
        for row in rows:
            s = row.obj
            try:
                services.suggestion_enter(
                    actor=ctx.user, campaign=self.campaign, body=s.body, source_category=s.source_category, channel=s.channel,
                    submitter_name=s.submitter_name, contact=s.contact, source=xlsx.SOURCE,
                )
            except ValidationError as exc:
                raise xlsx.RowConflict(xlsx.errors_from_validation(self, row.number, exc)) from exc

    def export_queryset(self, queryset):
        return queryset.select_related("community").order_by("created_at", "id")
