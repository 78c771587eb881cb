"""The change log is written by services, never by signals, so the actor is always known."""

from __future__ import annotations

import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from .middleware import current_request_id
from .models import ObjectChange


def _jsonable(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def snapshot(obj: models.Model) -> dict:
    """The object's concrete field values (and many-to-many ids) as JSON-ready data; stored
    files as their names."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in {"created_at", "updated_at"}:
            continue
        data[field.attname] = _jsonable(field.value_from_object(obj))
    if obj.pk:
        for field in obj._meta.many_to_many:
            data[field.name] = sorted(o.pk for o in getattr(obj, field.name).all())
    return data


def _actor_fields(actor):
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, ""
    return actor, actor.get_username()


def change_row(*, actor, action, obj, before=None, after=None, source="") -> ObjectChange:
    """An unsaved change-log row (for bulk writes)."""
    actor_obj, actor_name = _actor_fields(actor)
    return ObjectChange(
        actor=actor_obj,
        actor_name=actor_name,
        request_id=current_request_id(),
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        before=before,
        after=after,
        source=source,
    )


def log_change(*, actor, action, obj, before=None, after=None, source="") -> ObjectChange:
    row = change_row(actor=actor, action=action, obj=obj, before=before, after=after, source=source)
    row.save()
    return row


def history_for(obj: models.Model):
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return ObjectChange.objects.filter(content_type=ct, object_id=obj.pk).select_related("actor")
