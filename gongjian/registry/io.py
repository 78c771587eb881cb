"""Excel in and out for communities, organisations and people: one column spec per model.

The engine (``gongjian.core.xlsx``) reads, validates and writes; the specs here say what each
column means, which objects a user may touch (the communities their staff roles cover), how a
row's references (community by name or URL name, compound, organisations) are found, and which
service writes it. People go through ``services.bulk_write`` (sheets of tens of thousands of
rows); communities and organisations, a few hundred at most, through the per-row services.

Checking a sheet costs a handful of queries whatever its length: ``prepare`` loads what the
rows refer to in bulk, ``build`` calls ``full_clean()`` on each object with the references it
already resolved excluded (their existence is known), and ``check`` tests uniqueness against
the sheet and the database in bulk instead of one query per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from gongjian.core import jobs, xlsx
from gongjian.core.changelog import snapshot
from gongjian.core.exceptions import ConflictError
from gongjian.core.masking import mask_address, mask_mobile
from gongjian.core.xlsx import (
    Boolean,
    Choice,
    CleanRow,
    Column,
    Decimal,
    ImportContext,
    Integer,
    RowError,
    SheetSpec,
    Text,
    split_names,
)

from . import services
from .models import Affiliation, Community, Compound, Organisation, Person, Street
from .slugs import pinyin_slug


def _chunks(items: list, size: int = 500) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]




def _home_coordinate(name: str):
    """A person's home coordinate: exported only to whom sees the address in full (dropped,
    like the masked address's building and room, for the others)."""
    return lambda obj, ctx: getattr(obj, name) if ctx.full(obj) else ""


def _coordinate_columns(*, personal: bool = False) -> list[Column]:
    extra = {"export": _home_coordinate("lat")} if personal else {}
    extra_lng = {"export": _home_coordinate("lng")} if personal else {}
    return [
        Column("lat", pgettext_lazy("excel column", "Latitude"), parse=Decimal(places=6), help=pgettext_lazy("excel help", "WGS-84, for example 26.2634; used for proximity when assigning work."), example="26.2634", **extra),
        Column("lng", pgettext_lazy("excel column", "Longitude"), parse=Decimal(places=6), help=pgettext_lazy("excel help", "WGS-84, for example 117.6389."), example="117.6389", **extra_lng),
    ]


def _id_column(help_text) -> Column:
    return Column(
        "id", pgettext_lazy("excel column", "ID"), parse=Integer(min_value=1), export=lambda obj, ctx: obj.pk, help=help_text, width=8,
    )


class CommunityIndex:
    """Every community, found by URL name (slug) or by name. A name shared by several
    communities (in different streets) resolves to the one the user manages, if only one."""

    def __init__(self, scope):
        self.scope = scope
        self.by_slug, self.by_name = {}, defaultdict(list)
        for community in Community.objects.select_related("street"):
            self.by_slug[community.slug] = community
            self.by_name[community.name].append(community)

    def resolve(self, text: str, key: str = "community") -> Community:
        if text in self.by_slug:
            return self.by_slug[text]
        found = self.by_name.get(text, [])
        if len(found) > 1:
            mine = [c for c in found if self.scope.covers_community(c.pk, staff_only=True)]
            found = mine if len(mine) == 1 else found
        if not found:
            raise ValidationError({key: _("There is no community called “%(name)s”.") % {"name": text}})
        if len(found) > 1:
            raise ValidationError({key: _("Several communities are called “%(name)s”; write its URL name instead (%(slugs)s).") % {"name": text, "slugs": "、".join(c.slug for c in found)}})
        return found[0]

    def require_staff(self, community: Community, key: str = "community") -> None:
        if not self.scope.covers_community(community.pk, staff_only=True):
            raise ValidationError({key: _("You are not responsible for %(community)s: rows can only add or change records in the communities you manage.") % {"community": community.name}})


def _staff_filter(scope, field: str = "community_id") -> dict:
    return {} if scope.staff_community_ids is None else {f"{field}__in": scope.staff_community_ids}


def _load_existing(ctx: ImportContext, model, rows: list[CleanRow], *, related=(), prefetch=()) -> None:
    """Objects named by the rows' IDs, only those in the user's staff scope, with their
    before-snapshot and version as read now (compared again when writing)."""
    ids = sorted({r.values["id"] for r in rows if r.values.get("id")})
    existing = {}
    for chunk in _chunks(ids):
        qs = model.objects.filter(pk__in=chunk, **_staff_filter(ctx.scope, "id" if model is Community else "community_id"))
        existing.update({o.pk: o for o in qs.select_related(*related).prefetch_related(*prefetch)})
    ctx.data["existing"] = existing
    ctx.data["before"] = {pk: snapshot(o) for pk, o in existing.items()}
    ctx.data["versions"] = {pk: o.version for pk, o in existing.items()}


def _duplicate_errors(spec: SheetSpec, rows: list[CleanRow], key_of, column: str, message: str) -> list[RowError]:
    """An error on every row whose key (not None) an earlier row of the sheet already has."""
    first: dict = {}
    errors = []
    for row in rows:
        key = key_of(row)
        if key is None:
            continue
        if key in first:
            errors.append(RowError(row.number, spec.header_for(column), message % {"first": first[key], "row": row.number}))
        else:
            first[key] = row.number
    return errors


def _check_versions(spec: SheetSpec, model, rows: list[CleanRow], versions: dict) -> None:
    """Inside the write transaction: lock the rows' objects and refuse (rolling back) when one
    changed since the sheet was checked, so an import never overwrites an edit silently."""
    wanted = {r.obj.pk: r for r in rows if r.action == "update"}
    current = {}
    for chunk in _chunks(sorted(wanted)):
        current.update(model.objects.select_for_update().filter(pk__in=chunk).values_list("pk", "version"))
    errors = [
        RowError(row.number, spec.header_for("id"), _("This record was changed by someone else while the sheet was being checked. Upload the sheet again."))
        for pk, row in wanted.items()
        if current.get(pk) != versions.get(pk)
    ]
    if errors:
        raise xlsx.RowConflict(errors)


def _service_errors(spec: SheetSpec, row: CleanRow, exc: Exception) -> xlsx.RowConflict:
    if isinstance(exc, ConflictError):
        return xlsx.RowConflict([RowError(row.number, spec.header_for("id"), str(exc.message))])
    return xlsx.RowConflict(xlsx.errors_from_validation(spec, row.number, exc))


# --------------------------------------------------------------------------------------------
# Communities
# --------------------------------------------------------------------------------------------


class CommunitySheet(SheetSpec):
    kind = "communities"
    name = pgettext_lazy("excel sheet", "Communities")
    model = Community
    FIELDS = ("name", "slug", "address", "households", "population", "lat", "lng")
    columns = [
        _id_column(pgettext_lazy("excel help", "Empty for a new community; filled in by the export to update that community.")),
        Column("name", pgettext_lazy("excel column", "Name"), required=True, help=pgettext_lazy("excel help", "The community's name, e.g. 江滨社区."), example="江滨社区", width=16),
        Column("street", pgettext_lazy("excel column", "Street"), required=True, export=lambda c, ctx: c.street.name, help=pgettext_lazy("excel help", "The street it belongs to, by name, e.g. 列东街道."), example="列东街道", width=14),
        Column("slug", pgettext_lazy("excel column", "URL name"), help=pgettext_lazy("excel help", "Letters, digits and hyphens. Left empty: made from the pinyin of the name (new) or kept (update)."), example="jiangbin"),
        Column("address", pgettext_lazy("excel column", "Office address"), help=pgettext_lazy("excel help", "The address of the community office."), example="列东街道江滨路1号", width=24),
        Column("households", pgettext_lazy("excel column", "Households"), parse=Integer(min_value=0), help=pgettext_lazy("excel help", "A whole number."), example="3200", width=10),
        Column("population", pgettext_lazy("excel column", "Population"), parse=Integer(min_value=0), help=pgettext_lazy("excel help", "A whole number."), example="9800", width=10),
        *_coordinate_columns(),
    ]

    def prepare(self, ctx, rows):
        scope = ctx.scope
        streets = defaultdict(list)
        for street in Street.objects.select_related("district"):
            streets[street.name].append(street)
        ctx.data["streets"] = streets
        _load_existing(ctx, Community, rows, related=("street",))
        ctx.data["slugs"] = set(Community.objects.values_list("slug", flat=True))
        ctx.data["may_add"] = ctx.user.has_perm("registry.add_community")
        ctx.data["reach"] = (
            None if scope.everything
            else (scope.street_ids, scope.district_ids)
        )

    def _street(self, ctx, name: str) -> Street:
        found = ctx.data["streets"].get(name, [])
        reach = ctx.data["reach"]
        if len(found) > 1 and reach is not None:
            mine = [s for s in found if s.pk in reach[0] or s.district_id in reach[1]]
            found = mine or found
        if not found:
            raise ValidationError({"street": _("There is no street called “%(name)s”.") % {"name": name}})
        if len(found) > 1:
            raise ValidationError({"street": _("Several streets are called “%(name)s”; ask the district office to rename one.") % {"name": name}})
        return found[0]

    def build(self, ctx, row):
        v = row.values
        street = self._street(ctx, v["street"])
        pk = v.get("id")
        reach = ctx.data["reach"]
        if pk:
            obj = ctx.data["existing"].get(pk)
            if obj is None or not ctx.user.has_perm("registry.change_community", obj):
                raise ValidationError({"id": _("There is no community with ID %(id)s that you may change.") % {"id": pk}})
            if street.pk != obj.street_id and reach is not None and not (street.pk in reach[0] or street.district_id in reach[1]):
                raise ValidationError({"street": _("You may not move communities to %(street)s.") % {"street": street.name}})
            row.before, row.extra["version"] = ctx.data["before"][pk], ctx.data["versions"][pk]
        else:
            if not ctx.data["may_add"] or (reach is not None and not (street.pk in reach[0] or street.district_id in reach[1])):
                raise ValidationError({"street": _("You may not add communities to %(street)s.") % {"street": street.name}})
            obj = Community()
        fields = {f: v[f] for f in self.FIELDS if f in ctx.present}
        if not fields.get("slug"):
            fields.pop("slug", None)
            if not pk:
                fields["slug"] = self._new_slug(ctx, v["name"])
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.street = street
        fields["street"] = street
        obj.full_clean(exclude=["street"], validate_constraints=False)
        row.obj, row.extra["fields"] = obj, fields
        if pk:
            row.action = "update" if snapshot(obj) != row.before else "unchanged"
        else:
            row.action = "create"
            ctx.data["slugs"].add(obj.slug)

    def _new_slug(self, ctx, name: str) -> str:
        base = pinyin_slug(name)
        slug, n = base, 2
        while slug in ctx.data["slugs"]:
            slug, n = f"{base}{n}", n + 1
        return slug

    def check(self, ctx, rows):
        existing = {
            (street_id, name): pk for pk, street_id, name in Community.objects.values_list("pk", "street_id", "name")
        }
        errors = _duplicate_errors(self, rows, lambda r: r.obj.pk, "id", _("This ID appears more than once in the sheet (rows %(first)s and %(row)s)."))
        errors += _duplicate_errors(self, rows, lambda r: r.obj.slug, "slug", _("This URL name appears more than once in the sheet (rows %(first)s and %(row)s)."))
        errors += _duplicate_errors(self, rows, lambda r: (r.obj.street_id, r.obj.name), "name", _("This community appears more than once in the sheet (rows %(first)s and %(row)s)."))
        in_sheet = {r.obj.pk for r in rows if r.obj.pk}
        for row in rows:
            holder = existing.get((row.obj.street_id, row.obj.name))
            if holder and holder != row.obj.pk and holder not in in_sheet:
                errors.append(RowError(row.number, self.header_for("name"), _("%(street)s already has a community called %(name)s (ID %(id)s).") % {"street": row.obj.street.name, "name": row.obj.name, "id": holder}))
        return errors

    def write(self, ctx, rows):
        total = len(rows)
        for done, row in enumerate(rows, start=1):
            try:
                if row.action == "create":
                    fields = dict(row.extra["fields"])
                    row.obj = services.community_create(actor=ctx.user, source=xlsx.SOURCE, **fields)
                elif row.action == "update":
                    services.community_update(
                        actor=ctx.user, community=row.obj, expected_version=row.extra["version"], source=xlsx.SOURCE, **row.extra["fields"]
                    )
            except (ConflictError, ValidationError) as exc:
                raise _service_errors(self, row, exc) from exc
            ctx.report("writing", done, total)


# --------------------------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------------------------


def _contact_phone(org, ctx) -> str:
    return org.contact_phone if ctx.full(org) else mask_mobile(org.contact_phone)


class OrganisationSheet(SheetSpec):
    kind = "organisations"
    name = pgettext_lazy("excel sheet", "Organisations")
    model = Organisation
    FIELDS = ("name", "kind", "unit_kind", "mass_kind", "address", "contact_name", "contact_phone", "party_members", "lat", "lng")
    columns = [
        _id_column(pgettext_lazy("excel help", "Empty for a new organisation; filled in by the export to update that organisation.")),
        Column("name", pgettext_lazy("excel column", "Name"), required=True, help=pgettext_lazy("excel help", "Unique within its community."), example="江滨供电所", width=20),
        Column("community", pgettext_lazy("excel column", "Community"), required=True, export=lambda o, ctx: o.community.name, help=pgettext_lazy("excel help", "The community it is in, by name (江滨社区) or URL name (jiangbin)."), example="江滨社区"),
        Column("kind", pgettext_lazy("excel column", "Type"), required=True, parse=Choice(Organisation.Kind.choices), help=pgettext_lazy("excel help", "Choose from the list."), example=Organisation.Kind.RESIDENT_UNIT.label, width=18),
        Column("unit_kind", pgettext_lazy("excel column", "Unit type"), parse=Choice(Organisation.UnitKind.choices), help=pgettext_lazy("excel help", "Only for resident units, and required for them."), example=Organisation.UnitKind.STATE_ENTERPRISE.label, width=16),
        Column("mass_kind", pgettext_lazy("excel column", "Mass organisation type"), parse=Choice(Organisation.MassKind.choices), help=pgettext_lazy("excel help", "Only for mass organisations, and required for them."), width=16),
        Column("address", pgettext_lazy("excel column", "Address"), help=pgettext_lazy("excel help", "Where the organisation is."), example="江滨路8号", width=24),
        Column("contact_name", pgettext_lazy("excel column", "Contact person"), help=pgettext_lazy("excel help", "Who to contact."), example="王主任"),
        Column("contact_phone", pgettext_lazy("excel column", "Contact phone"), parse=Text(compact=True), export=_contact_phone, help=pgettext_lazy("excel help", "A mobile or landline number."), example="13800000001", text_format=True),
        Column("party_members", pgettext_lazy("excel column", "Party members"), parse=Integer(min_value=0), help=pgettext_lazy("excel help", "How many Party members it has (a whole number)."), example="12", width=10),
        Column("served_communities", pgettext_lazy("excel column", "Also serves"), export=lambda o, ctx: "、".join(c.name for c in o.served_communities.all()), help=pgettext_lazy("excel help", "Other communities a resident unit also serves, separated by 、."), example="东霞社区", width=18),
        *_coordinate_columns(),
    ]

    def prepare(self, ctx, rows):
        ctx.data["communities"] = CommunityIndex(ctx.scope)
        _load_existing(ctx, Organisation, rows, related=("community",), prefetch=("served_communities",))
        names = sorted({r.values["name"] for r in rows})
        taken = {}
        for chunk in _chunks(names):
            taken.update({(cid, name): pk for pk, cid, name in Organisation.objects.filter(name__in=chunk).values_list("pk", "community_id", "name")})
        ctx.data["taken"] = taken

    def build(self, ctx, row):
        v = row.values
        index: CommunityIndex = ctx.data["communities"]
        community = index.resolve(v["community"])
        index.require_staff(community)
        pk = v.get("id")
        if pk:
            obj = ctx.data["existing"].get(pk)
            if obj is None:
                raise ValidationError({"id": _("There is no organisation with ID %(id)s in the communities you manage.") % {"id": pk}})
            row.before, row.extra["version"] = ctx.data["before"][pk], ctx.data["versions"][pk]
        else:
            obj = Organisation()
        fields = {f: v[f] for f in self.FIELDS if f in ctx.present}
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.community = fields["community"] = community
        served = None
        if "served_communities" in ctx.present:
            served = []
            for name in split_names(v["served_communities"]):
                other = index.resolve(name, key="served_communities")
                if not ctx.scope.covers_community(other.pk):
                    raise ValidationError({"served_communities": _("There is no community called “%(name)s”.") % {"name": name}})
                served.append(other)
        obj.full_clean(exclude=["community", "compound"], validate_constraints=False)
        row.obj, row.extra["fields"], row.extra["served"] = obj, fields, served
        if pk:
            after = snapshot(obj)
            if served is not None:
                after["served_communities"] = sorted(c.pk for c in served)
            row.action = "update" if after != row.before else "unchanged"
        else:
            row.action = "create"

    def check(self, ctx, rows):
        errors = _duplicate_errors(self, rows, lambda r: r.obj.pk, "id", _("This ID appears more than once in the sheet (rows %(first)s and %(row)s)."))
        errors += _duplicate_errors(self, rows, lambda r: (r.obj.community_id, r.obj.name), "name", _("This organisation appears more than once in the sheet (rows %(first)s and %(row)s)."))
        in_sheet = {r.obj.pk for r in rows if r.obj.pk}
        for row in rows:
            holder = ctx.data["taken"].get((row.obj.community_id, row.obj.name))
            if holder and holder != row.obj.pk and holder not in in_sheet:
                errors.append(RowError(row.number, self.header_for("name"), _("%(community)s already has an organisation called %(name)s (ID %(id)s).") % {"community": row.obj.community.name, "name": row.obj.name, "id": holder}))
        return errors

    def write(self, ctx, rows):
        total = len(rows)
        for done, row in enumerate(rows, start=1):
            served = row.extra["served"]
            try:
                if row.action == "create":
                    row.obj = services.organisation_create(actor=ctx.user, source=xlsx.SOURCE, served_communities=served or (), **row.extra["fields"])
                elif row.action == "update":
                    services.organisation_update(
                        actor=ctx.user, organisation=row.obj, expected_version=row.extra["version"], served_communities=served,
                        source=xlsx.SOURCE, **row.extra["fields"],
                    )
            except (ConflictError, ValidationError) as exc:
                raise _service_errors(self, row, exc) from exc
            ctx.report("writing", done, total)

    def export_queryset(self, queryset):
        return queryset.prefetch_related("served_communities").iterator(chunk_size=2000)


# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------


def _person_mobile(person, ctx) -> str:
    return person.mobile if ctx.full(person) else mask_mobile(person.mobile)


def _person_address(person, ctx) -> str:
    return person.address if ctx.full(person) else mask_address(person.address)


_ROLE = Choice(Affiliation.Role.choices)


def _person_role(person, ctx) -> str:
    roles = {a.role for a in person.affiliations.all()}
    return _ROLE.label(roles.pop()) if len(roles) == 1 else ""


class PeopleSheet(SheetSpec):
    kind = "people"
    name = pgettext_lazy("excel sheet", "People")
    model = Person
    #: Model fields set straight from their column.
    FIELDS = ("name", "gender", "birth_year", "mobile", "address", "category", "is_party_member", "specialties", "availability", "lat", "lng")
    notes = (
        pgettext_lazy("excel help", "Organisations: the person is added to each organisation listed (with the role given, else as a member); an existing membership keeps its role unless a role is given. Nothing is ever removed."),
    )
    columns = [
        _id_column(pgettext_lazy("excel help", "Empty for a new person; filled in by the export to update that person.")),
        Column("name", pgettext_lazy("excel column", "Full name"), required=True, help=pgettext_lazy("excel help", "The person's name."), example="张三", width=10),
        Column("community", pgettext_lazy("excel column", "Community"), required=True, export=lambda p, ctx: p.community.name, help=pgettext_lazy("excel help", "The community they belong to, by name (江滨社区) or URL name (jiangbin)."), example="江滨社区"),
        Column("gender", pgettext_lazy("excel column", "Gender"), parse=Choice(Person.Gender.choices), help=pgettext_lazy("excel help", "Choose from the list."), example=Person.Gender.MALE.label, width=8),
        Column("birth_year", pgettext_lazy("excel column", "Birth year"), parse=Integer(min_value=1900, max_value=2030), help=pgettext_lazy("excel help", "Four digits, e.g. 1965."), example="1965", width=10),
        Column("mobile", pgettext_lazy("excel column", "Mobile"), parse=Text(compact=True), export=_person_mobile, help=pgettext_lazy("excel help", "11-digit mainland mobile; unique within a community."), example="13800000000", text_format=True),
        Column("compound", pgettext_lazy("excel column", "Compound"), export=lambda p, ctx: p.compound.name if p.compound_id else "", help=pgettext_lazy("excel help", "A residential compound of that community, by name (optional)."), width=14),
        Column("address", pgettext_lazy("excel column", "Address"), export=_person_address, help=pgettext_lazy("excel help", "Home address."), example="江滨小区3幢201", width=24),
        Column("category", pgettext_lazy("excel column", "Category"), parse=Choice(Person.Category.choices), default=Person.Category.RESIDENT, help=pgettext_lazy("excel help", "Choose from the list; empty means resident."), example=Person.Category.NO_POST_MEMBER.label, width=20),
        Column("is_party_member", pgettext_lazy("excel column", "Party member"), parse=Boolean(), help=pgettext_lazy("excel help", "是 or 否; empty: 是 for the Party-member categories, else 否."), example=pgettext_lazy("excel example", "Yes"), width=10),
        Column("specialties", pgettext_lazy("excel column", "Specialties"), help=pgettext_lazy("excel help", "Separate several with 、."), example="法律、调解", width=18),
        Column("availability", pgettext_lazy("excel column", "Availability"), parse=Choice(Person.Availability.choices), help=pgettext_lazy("excel help", "When they can usually help."), example=Person.Availability.WEEKEND.label, width=12),
        Column("organisations", pgettext_lazy("excel column", "Organisations"), export=lambda p, ctx: "、".join(a.organisation.name for a in p.affiliations.all()), help=pgettext_lazy("excel help", "Organisations they belong to, by name, separated by 、 (optional)."), width=20),
        Column("role", pgettext_lazy("excel column", "Role in organisations"), parse=_ROLE, export=_person_role, help=pgettext_lazy("excel help", "Their role in the organisations listed."), width=12),
        *_coordinate_columns(personal=True),
    ]

    def prepare(self, ctx, rows):
        scope = ctx.scope
        ctx.data["communities"] = CommunityIndex(scope)
        _load_existing(ctx, Person, rows, related=("community", "compound"), prefetch=("organisations",))
        if "compound" in ctx.present:
            ctx.data["compounds"] = {(c.community_id, c.name): c for c in Compound.objects.filter(**_staff_filter(scope))}
        if "organisations" in ctx.present:
            orgs = defaultdict(list)
            for org in Organisation.objects.filter(**_staff_filter(scope)).only("id", "name", "community_id", "kind"):
                orgs[org.name].append(org)
            ctx.data["orgs"] = orgs
            ids = list(ctx.data["existing"])
            affiliations = {}
            for chunk in _chunks(ids):
                affiliations.update({(a.person_id, a.organisation_id): a for a in Affiliation.objects.filter(person_id__in=chunk)})
            ctx.data["affiliations"] = affiliations

    def _organisation(self, ctx, name: str, community: Community) -> Organisation:
        found = ctx.data["orgs"].get(name, [])
        if len(found) > 1:
            here = [o for o in found if o.community_id == community.pk]
            found = here or found
        if not found:
            raise ValidationError({"organisations": _("There is no organisation called “%(name)s” in the communities you manage.") % {"name": name}})
        if len(found) > 1:
            raise ValidationError({"organisations": _("Several organisations are called “%(name)s”; none of them is in %(community)s.") % {"name": name, "community": community.name}})
        return found[0]

    def build(self, ctx, row):
        v = row.values
        index: CommunityIndex = ctx.data["communities"]
        community = index.resolve(v["community"])
        index.require_staff(community)
        pk = v.get("id")
        if pk:
            obj = ctx.data["existing"].get(pk)
            if obj is None:
                raise ValidationError({"id": _("There is no person with ID %(id)s in the communities you manage.") % {"id": pk}})
            row.before, row.extra["version"] = ctx.data["before"][pk], ctx.data["versions"][pk]
        else:
            obj = Person()
        for name in self.FIELDS:
            if name in ctx.present:
                setattr(obj, name, v[name])
        if "is_party_member" in ctx.present and v["is_party_member"] is None:
            obj.is_party_member = obj.category in Person.PARTY_CATEGORIES
        elif not pk and "is_party_member" not in ctx.present:
            obj.is_party_member = obj.category in Person.PARTY_CATEGORIES
        obj.community = community
        if "compound" in ctx.present:
            obj.compound = None
            if v["compound"]:
                obj.compound = ctx.data["compounds"].get((community.pk, v["compound"]))
                if obj.compound is None:
                    raise ValidationError({"compound": _("%(community)s has no compound called “%(name)s”.") % {"community": community.name, "name": v["compound"]}})
        elif obj.compound_id and obj.compound.community_id != community.pk:
            raise ValidationError({"compound": _("The compound is not in this community.")})
        # Community and compound were found above, so their existence is known; the unique
        # mobile per community is checked for the whole sheet at once in check().
        obj.full_clean(exclude=["community", "compound", "user"], validate_constraints=False)
        row.obj = obj
        row.extra["affiliations"] = self._affiliations(ctx, row, community) if "organisations" in ctx.present else []
        if pk:
            row.extra["person_changed"] = snapshot(obj) != row.before
            row.action = "update" if row.extra["person_changed"] or row.extra["affiliations"] else "unchanged"
        else:
            row.extra["person_changed"] = True
            row.action = "create"

    def _affiliations(self, ctx, row, community) -> list[tuple[str, Affiliation, dict | None]]:
        role = row.values.get("role") if "role" in ctx.present else ""
        plans = []
        for name in split_names(row.values["organisations"]):
            org = self._organisation(ctx, name, community)
            existing = ctx.data["affiliations"].get((row.obj.pk, org.pk)) if row.obj.pk else None
            if existing is not None:
                if role and existing.role != role:
                    before = snapshot(existing)
                    existing.role = role
                    existing.person, existing.organisation = row.obj, org
                    plans.append(("update", existing, before))
                continue
            affiliation = Affiliation(person=row.obj, organisation=org, role=role or Affiliation.Role.MEMBER)
            affiliation.full_clean(exclude=["person", "organisation"], validate_constraints=False)
            plans.append(("create", affiliation, None))
        return plans

    def check(self, ctx, rows):
        errors = _duplicate_errors(self, rows, lambda r: r.obj.pk, "id", _("This ID appears more than once in the sheet (rows %(first)s and %(row)s)."))
        errors += _duplicate_errors(
            self, rows, lambda r: (r.obj.community_id, r.obj.mobile) if r.obj.mobile else None, "mobile",
            _("This mobile appears twice for the same community in the sheet (rows %(first)s and %(row)s)."),
        )
        # Against the database: another person (not re-specified in this sheet) with the mobile.
        in_sheet = {r.obj.pk for r in rows if r.obj.pk}
        mobiles = sorted({r.obj.mobile for r in rows if r.obj.mobile})
        holders = {}
        for chunk in _chunks(mobiles):
            for pk, cid, mobile, name in Person.objects.filter(mobile__in=chunk).values_list("pk", "community_id", "mobile", "name"):
                if pk not in in_sheet:
                    holders[(cid, mobile)] = (pk, name)
        for row in rows:
            holder = holders.get((row.obj.community_id, row.obj.mobile)) if row.obj.mobile else None
            if holder and holder[0] != row.obj.pk:
                errors.append(RowError(row.number, self.header_for("mobile"), _("This mobile already belongs to %(name)s (ID %(id)s) in %(community)s.") % {"name": holder[1], "id": holder[0], "community": row.obj.community.name}))
        return errors

    def write(self, ctx, rows):
        _check_versions(self, Person, rows, ctx.data["versions"])
        now = timezone.now()
        update_fields = [f for f in self.FIELDS if f in ctx.present] + ["community"]
        if "compound" in ctx.present:
            update_fields.append("compound")
        changed = [r for r in rows if r.extra.get("person_changed")]
        none = Organisation.objects.none()
        done = 0
        for chunk in _chunks(changed, 1000):
            creates, updates = [], []
            for row in chunk:
                if row.action == "create":
                    # A new person belongs to no organisation yet: say so, so that the change
                    # log's snapshot does not ask the database once per person.
                    row.obj._prefetched_objects_cache = {"organisations": none}
                    creates.append(row.obj)
                else:
                    row.obj.updated_at = now  # bulk_update does not apply auto_now
                    updates.append((row.obj, row.before))
            services.bulk_write(actor=ctx.user, model=Person, creates=creates, updates=updates, update_fields=update_fields, source=xlsx.SOURCE)
            done += len(chunk)
            ctx.report("writing", done, len(changed))
        aff_creates, aff_updates = [], []
        for row in rows:
            for action, affiliation, before in row.extra.get("affiliations", ()):
                if action == "create":
                    affiliation.person = row.obj
                    aff_creates.append(affiliation)
                else:
                    affiliation.updated_at = now
                    aff_updates.append((affiliation, before))
        if aff_creates or aff_updates:
            services.bulk_write(actor=ctx.user, model=Affiliation, creates=aff_creates, updates=aff_updates, update_fields=["role"], source=xlsx.SOURCE)
        ctx.report("writing", len(changed), len(changed))

    def export_queryset(self, queryset):
        return queryset.prefetch_related("affiliations__organisation").iterator(chunk_size=2000)


SPECS: dict[str, SheetSpec] = {spec.kind: spec for spec in (CommunitySheet(), OrganisationSheet(), PeopleSheet())}


def get_spec(kind: str) -> SheetSpec | None:
    return SPECS.get(kind)


# --------------------------------------------------------------------------------------------
# Running an upload: here and now when small, as a background job when large
# --------------------------------------------------------------------------------------------


def submit_import(*, user, kind: str, upload, language: str | None = None):
    """Import an uploaded sheet. Returns ``(result, None)`` when it ran here and now, or
    ``(None, job)`` when it has more rows than GONGJIAN_IMPORT_BACKGROUND_ROWS and was handed
    to a background job. Raises ``xlsx.ImportFileError`` for a file that cannot be read."""
    spec = SPECS[kind]
    threshold = settings.GONGJIAN_IMPORT_BACKGROUND_ROWS
    estimate = xlsx.estimate_rows(upload)
    sheet = None
    if estimate is None or estimate <= threshold:
        sheet = xlsx.read_rows(upload)
        estimate = len(sheet)
    if estimate > threshold:
        job = xlsx.create_import_job(user=user, kind=kind, upload=upload, total_rows=estimate)
        jobs.enqueue("gongjian.registry.io.run_import_job", job.pk, language)
        return None, job
    return xlsx.import_rows(spec, sheet, user), None


def run_import_job(job_id: int, language: str | None = None):
    """The background entry point (thread, Celery worker or synchronous in tests)."""
    from gongjian.core.models import ImportJob

    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status != ImportJob.Status.PENDING:
        return job  # delivered twice: the first run owns it
    return xlsx.run_import_job(job, SPECS[job.kind], language=language)
