"""The history tab's rows as people read them: verbose field names, choice labels and linked
objects' names (in the current language), internal fields left out, and personal data masked
exactly as the object's own page masks it for the viewer.

An app declares which of a model's fields are personal with ``register_personal(model,
perm=..., mobile="mask_mobile", ...)``; a viewer without ``perm`` on the page's object sees
them masked (kinds: ``mobile``, ``address``, ``name``, ``free_text``, ``secret``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from .masking import mask_address, mask_free_text, mask_mobile, mask_name

#: Never shown: bookkeeping and derived fields.
HIDDEN_FIELDS = {"id", "version", "search_text", "gram_count", "public_code", "created_at", "updated_at", "photo_type"}

#: model → (permission that sees in full, {field name: kind})
PERSONAL: dict[type[models.Model], tuple[str, dict[str, str]]] = {}

MASKERS = {
    "mobile": lambda v: mask_mobile(str(v)),
    "address": lambda v: mask_address(str(v)),
    "name": lambda v: mask_name(str(v)),
    "free_text": lambda v, names=(): mask_free_text(str(v), names=names),
    "secret": lambda v: "***",
}


#: Where a change came from (``ObjectChange.source``), as people call it.
SOURCES = {
    "public-form": pgettext_lazy("change source", "public suggestion form"),
    "public-board": pgettext_lazy("change source", "public board"),
    "excel-import": pgettext_lazy("change source", "Excel import"),
    "demo": pgettext_lazy("change source", "demo data"),
    "notice": pgettext_lazy("change source", "notice"),
    "cli": pgettext_lazy("change source", "command line"),
}


def register_personal(model: type[models.Model], *, perm: str, **fields: str) -> None:
    PERSONAL[model] = (perm, fields)


def _hidden(name: str) -> bool:
    return name in HIDDEN_FIELDS or "hash" in name


@dataclass
class Row:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    change: object
    model_name: str
    object_repr: str
    rows: list[Row] = field(default_factory=list)

    @property
    def source(self) -> str:
        source = self.change.source
        return str(SOURCES.get(source, source))


def _fields(model) -> dict[str, models.Field]:
    found = {}
    for f in model._meta.get_fields():
        if f.concrete or f.many_to_many:
            if getattr(f, "auto_created", False) and not f.concrete:
                continue
            found[getattr(f, "attname", f.name)] = f
            found.setdefault(f.name, f)
    return found


def present(changes, *, user, page_object) -> list[Entry]:
    """The change-log rows of ``page_object``'s history (its own and its children's) for
    ``user``: labelled, linked names resolved in one query per linked model, masked."""
    full_cache: dict[type, bool] = {}
    masks: dict[type, dict[str, str]] = {}
    pending: dict[type, set] = {}
    prepared = []
    for change in changes:
        model = ContentType.objects.get_for_id(change.content_type_id).model_class()
        if model is None:
            continue
        fields = _fields(model)
        if model not in full_cache:
            perm, kinds = PERSONAL.get(model, ("", {}))
            full_cache[model] = not kinds or user.has_perm(perm, page_object)
            masks[model] = {} if full_cache[model] else kinds
        diff = []
        for name, before, after in change.diff():
            f = fields.get(name)
            if f is None or _hidden(f.name) or _hidden(name):
                continue
            related = f.related_model if (f.many_to_one or f.one_to_one or f.many_to_many) else None
            if related is not None:
                for v in (before, after):
                    ids = v if isinstance(v, list) else [v]
                    pending.setdefault(related, set()).update(i for i in ids if i is not None)
            diff.append((f, related, before, after))
        prepared.append((change, model, diff))
    names = {model: _linked_names(model, ids, user) for model, ids in pending.items() if ids}
    entries = []
    for change, model, diff in prepared:
        kinds = masks[model]
        object_repr = change.object_repr
        people = _names_in(kinds, change, page_object)
        if kinds:
            object_repr = mask_free_text(object_repr, names=people)
        entry = Entry(change=change, model_name=str(model._meta.verbose_name), object_repr=object_repr)
        for f, related, before, after in diff:
            kind = kinds.get(f.name)
            row = Row(str(f.verbose_name), _show(f, related, before, names, kind, people), _show(f, related, after, names, kind, people))
            if row.before or row.after:
                entry.rows.append(row)
        entries.append(entry)
    return entries


def _linked_names(model, ids, user) -> dict:
    """The names of linked objects by id; a linked object with personal data (a suggestion's
    text) is named masked unless the user may see it in full."""
    found = model._default_manager.in_bulk(sorted(ids))
    perm, kinds = PERSONAL.get(model, ("", {}))
    names = {}
    for pk, obj in found.items():
        text = str(obj)
        if kinds and not user.has_perm(perm, obj):
            text = mask_free_text(text, names=[str(getattr(obj, f, "") or "") for f, kind in kinds.items() if kind == "name"])
        names[pk] = text
    return names


def _names_in(kinds: dict, change, page_object) -> tuple[str, ...]:
    """The people's names the masked fields hold (before, after, now): free text hides them too."""
    found = set()
    for name, kind in kinds.items():
        if kind == "name":
            for data in (change.before or {}, change.after or {}):
                found.add(str(data.get(name) or ""))
            found.add(str(getattr(page_object, name, "") or ""))
    return tuple(sorted(n for n in found if n))


def _show(f, related, value, names, kind, people=()) -> str:
    if value is None or value == "" or value == []:
        return ""
    if kind == "free_text":
        return MASKERS[kind](value, names=people)
    if kind:
        return MASKERS[kind](value)
    if related is not None:
        found = names.get(related, {})
        ids = value if isinstance(value, list) else [value]
        return "、".join(found[i] if i in found else f"#{i}" for i in ids)
    if isinstance(f, models.FileField):
        return _("(a file)")  # stored under a random name: the name says nothing
    if isinstance(f, models.BooleanField):
        return _("Yes") if value else _("No")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    return str(value)
