"""The generic writes every app's services are built from: validate, save, log the change.

Each app's ``services.py`` wraps these in its own keyword-only, ``@transaction.atomic``
functions; nothing else saves a domain model.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from .changelog import change_row, log_change, snapshot
from .exceptions import ConflictError
from .models import ObjectChange


def create_logged(model: type[models.Model], *, actor, source: str = "", m2m: dict | None = None, **fields):
    """Create, ``full_clean()`` first, with its change-log row."""
    obj = model(**fields)
    obj.full_clean()
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    log_change(actor=actor, action=ObjectChange.Action.CREATE, obj=obj, after=snapshot(obj), source=source)
    return obj


def update_logged(obj: models.Model, *, actor, expected_version: int | None = None, source: str = "", m2m: dict | None = None, **fields):
    """Apply ``fields`` to ``obj`` under a row lock. With ``expected_version`` (what the editor
    read), refuse when someone else has saved since: edits never overwrite each other silently.
    An edit that changes nothing writes nothing. ``obj`` is refreshed either way."""
    model = type(obj)
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            _("%(obj)s was changed by someone else while you were editing. Reload it and apply your change again.")
            % {"obj": locked}
        )
    before = snapshot(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    for name, values in (m2m or {}).items():
        getattr(locked, name).set(values)
    if snapshot(locked) != before:
        locked.version += 1
        locked.save()
        log_change(actor=actor, action=ObjectChange.Action.UPDATE, obj=locked, before=before, after=snapshot(locked), source=source)
    obj.__dict__.update(locked.__dict__)
    return locked


def delete_logged(obj: models.Model, *, actor, source: str = "") -> None:
    log_change(actor=actor, action=ObjectChange.Action.DELETE, obj=obj, before=snapshot(obj), source=source)
    obj.delete()


def bulk_create_logged(*, actor, model: type[models.Model], objs: list, source: str, m2m: dict | None = None) -> list:
    """Create many validated objects of one model at once (the demo loader), with one
    change-log row each. ``m2m`` maps a many-to-many field name to {object index: [ids]}.
    The caller has run full_clean() on every object and holds the transaction."""
    model.objects.bulk_create(objs, batch_size=500)
    if objs and objs[0].pk is None:
        raise RuntimeError("bulk_create did not return primary keys")
    after = {}
    for name, by_index in (m2m or {}).items():
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source_col = field.m2m_field_name() + "_id"
        target_col = field.m2m_reverse_field_name() + "_id"
        rows = [through(**{source_col: objs[i].pk, target_col: target}) for i, targets in by_index.items() for target in targets]
        through.objects.bulk_create(rows, batch_size=1000)
        for i, targets in by_index.items():
            after.setdefault(i, {})[name] = sorted(targets)
    changes = []
    for i, obj in enumerate(objs):
        data = {}
        for field in obj._meta.concrete_fields:
            if field.name in {"created_at", "updated_at"}:
                continue
            value = field.value_from_object(obj)
            data[field.attname] = value.name if isinstance(value, FieldFile) else value
        for field in obj._meta.many_to_many:
            data[field.name] = after.get(i, {}).get(field.name, [])
        data = {k: _json(v) for k, v in data.items()}
        changes.append(change_row(actor=actor, action=ObjectChange.Action.CREATE, obj=obj, after=data, source=source))
    ObjectChange.objects.bulk_create(changes, batch_size=1000)
    return objs


def _json(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _chunks(values: list, size: int = 500) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def delete_with_changes(model: type[models.Model], qs: models.QuerySet) -> int:
    """Delete the rows of ``qs`` and the change-log rows about them (a demo part's delete:
    what it built goes without a trace). Returns how many rows went."""
    ids = list(qs.values_list("pk", flat=True))
    if not ids:
        return 0
    ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
    for chunk in _chunks(ids):
        ObjectChange.objects.filter(content_type=ct, object_id__in=chunk).delete()
    for chunk in _chunks(ids):
        model._default_manager.filter(pk__in=chunk).delete()
    return len(ids)
