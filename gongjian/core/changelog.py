"""The change log is written by services, never by signals, so the actor is always known."""

from __future__ import annotations

import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
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


def parent_of(obj: models.Model):
    """The object whose history a change of ``obj`` also belongs to: the model's
    ``changelog_parent`` (a dotted attribute path, e.g. ``"item.meeting"``), or None."""
    path = getattr(type(obj), "changelog_parent", None)
    if not path:
        return None
    node = obj
    for part in path.split("."):
        try:
            node = getattr(node, part)
        except models.ObjectDoesNotExist:
            return None
        if node is None:
            return None
    return node


def _parent_key(obj: models.Model):
    """(content type, id) of the object's parent, without a query when it is a foreign key."""
    path = getattr(type(obj), "changelog_parent", None)
    if not path:
        return None, None
    if "." not in path:
        try:
            f = obj._meta.get_field(path)
        except FieldDoesNotExist:
            f = None
        if f is not None and f.many_to_one:
            pk = getattr(obj, f.attname)
            return (ContentType.objects.get_for_model(f.related_model), pk) if pk is not None else (None, None)
    parent = parent_of(obj)
    if parent is None:
        return None, None
    return ContentType.objects.get_for_model(parent, for_concrete_model=True), parent.pk


def change_row(*, actor, action, obj, before=None, after=None, source="") -> ObjectChange:
    """An unsaved change-log row (for bulk writes), linked to the object's parent if it has one."""
    actor_obj, actor_name = _actor_fields(actor)
    related_ct, related_id = _parent_key(obj)
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
        related_content_type=related_ct,
        related_object_id=related_id,
    )


def log_change(*, actor, action, obj, before=None, after=None, source="") -> ObjectChange:
    row = change_row(actor=actor, action=action, obj=obj, before=before, after=after, source=source)
    row.save()
    return row


def history_for(obj: models.Model):
    """The object's own changes and its children's (rows whose parent it is), newest first."""
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    own = models.Q(content_type=ct, object_id=obj.pk)
    children = models.Q(related_content_type=ct, related_object_id=obj.pk)
    return ObjectChange.objects.filter(own | children).select_related("actor")
