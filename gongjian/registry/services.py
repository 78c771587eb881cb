"""Every write to the registry goes through these functions: views, the API, Excel imports,
the CLI and the demo loader alike. Each validates with full_clean(), refuses to overwrite a
newer version, and writes the change log with its actor."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction
from django.utils import timezone

from gongjian.core.changelog import change_row, snapshot
from gongjian.core.models import ObjectChange
from gongjian.core.services import create_logged, delete_logged, update_logged

from .models import Affiliation, Community, Compound, LiaisonAssignment, Organisation, Person, Street

_create, _update, _delete = create_logged, update_logged, delete_logged


@transaction.atomic
def street_create(*, actor, district, name: str, committee_name: str = "") -> Street:
    return _create(Street, actor=actor, district=district, name=name, committee_name=committee_name or f"{name}工委")


@transaction.atomic
def community_create(*, actor, street, name: str, slug: str = "", source: str = "", **fields) -> Community:
    from .slugs import unique_community_slug

    slug = slug or unique_community_slug(name)
    return _create(Community, actor=actor, source=source, street=street, name=name, slug=slug, **fields)


@transaction.atomic
def community_update(*, actor, community: Community, expected_version: int | None = None, source: str = "", **fields) -> Community:
    return _update(community, actor=actor, expected_version=expected_version, source=source, **fields)


@transaction.atomic
def compound_create(*, actor, community, name: str, **fields) -> Compound:
    return _create(Compound, actor=actor, community=community, name=name, **fields)


@transaction.atomic
def organisation_create(*, actor, community, name: str, kind: str, served_communities: Iterable = (), source: str = "", **fields) -> Organisation:
    return _create(
        Organisation, actor=actor, source=source, community=community, name=name, kind=kind,
        m2m={"served_communities": list(served_communities)} if served_communities else None, **fields,
    )


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, expected_version: int | None = None, served_communities=None, source: str = "", **fields) -> Organisation:
    m2m = {"served_communities": list(served_communities)} if served_communities is not None else None
    return _update(organisation, actor=actor, expected_version=expected_version, source=source, m2m=m2m, **fields)


@transaction.atomic
def organisation_leave(*, actor, organisation: Organisation, left_on, expected_version: int | None = None, source: str = "") -> Organisation:
    """The organisation stops taking part on ``left_on`` (a resident unit moved away or closed);
    its history stays. ``left_on`` None: it takes part again. Logged like any change."""
    return _update(organisation, actor=actor, expected_version=expected_version, source=source, left_on=left_on)


@transaction.atomic
def person_create(*, actor, community, name: str, source: str = "", **fields) -> Person:
    return _create(Person, actor=actor, source=source, community=community, name=name, **fields)


@transaction.atomic
def person_update(*, actor, person: Person, expected_version: int | None = None, source: str = "", **fields) -> Person:
    return _update(person, actor=actor, expected_version=expected_version, source=source, **fields)


@transaction.atomic
def affiliation_set(*, actor, person: Person, organisation: Organisation, role: str, title: str = "") -> Affiliation:
    existing = Affiliation.objects.filter(person=person, organisation=organisation).first()
    if existing:
        return _update(existing, actor=actor, role=role, title=title)
    return _create(Affiliation, actor=actor, person=person, organisation=organisation, role=role, title=title)


@transaction.atomic
def affiliation_delete(*, actor, affiliation: Affiliation) -> None:
    _delete(affiliation, actor=actor)


@transaction.atomic
def liaison_assign(*, actor, community, kind: str, year: int, leader_name: str = "", leader_title: str = "", unit=None) -> LiaisonAssignment:
    return _create(LiaisonAssignment, actor=actor, community=community, kind=kind, year=year, leader_name=leader_name, leader_title=leader_title, unit=unit)


@transaction.atomic
def liaison_remove(*, actor, assignment: LiaisonAssignment) -> None:
    _delete(assignment, actor=actor)


def bulk_write(*, actor, model: type[models.Model], creates: list, updates: list, update_fields: list[str], source: str) -> tuple[int, int]:
    """Write many validated objects of one model at once (imports, the demo loader), with one
    change-log row each. The caller has already run full_clean() on every object and holds
    the transaction. ``updates`` are (object, before-snapshot) pairs."""
    batch = 1000
    model.objects.bulk_create(creates, batch_size=batch)
    if creates and creates[0].pk is None:
        # Backends without RETURNING on bulk inserts: nothing in Django's supported set today.
        raise RuntimeError("bulk_create did not return primary keys")
    now = timezone.now()
    for obj, _before in updates:
        obj.version += 1
        obj.updated_at = now  # bulk_update does not apply auto_now
    if updates:
        model.objects.bulk_update([o for o, _ in updates], [*update_fields, "version", "updated_at"], batch_size=batch)
    rows = [change_row(actor=actor, action=ObjectChange.Action.CREATE, obj=o, after=snapshot(o), source=source) for o in creates]
    rows += [
        change_row(actor=actor, action=ObjectChange.Action.UPDATE, obj=o, before=b, after=snapshot(o), source=source)
        for o, b in updates
    ]
    ObjectChange.objects.bulk_create(rows, batch_size=batch)
    return len(creates), len(updates)
