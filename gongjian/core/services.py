"""The generic writes every app's services are built from: validate, save, log the change.

Each app's ``services.py`` wraps these in its own keyword-only, ``@transaction.atomic``
functions; nothing else saves a domain model.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _

from .changelog import log_change, snapshot
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
