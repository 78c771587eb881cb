"""The demo district: 梅列区 of 三明市 as the 2010 briefing describes it, with its three streets,
25 communities, 271 resident units, their organisations and about 2,600 people, plus one
login for every role.

``gongjian demo`` calls :func:`build_demo`. The data is generated from the lists in
``demo_data.py`` by a generator with a fixed seed, so every build is identical. Every row is
written through the registry services (``services.bulk_write`` for speed, ``community_create``
for the pinyin slugs) and gets its change-log row with source ``demo``.

Later apps add their share of the demo year (tasks, posts, suggestions …) with
:func:`register_demo_part` from their ``AppConfig.ready()``.
"""

from __future__ import annotations

import os
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gongjian.accounts.models import RoleAssignment
from gongjian.core.changelog import change_row
from gongjian.core.models import ObjectChange
from gongjian.core.services import delete_with_changes

from . import demo_data as data
from . import services
from .models import (
    Affiliation,
    Building,
    Community,
    Compound,
    District,
    LiaisonAssignment,
    Organisation,
    Person,
    Street,
)

SEED = 168
SOURCE = "demo"
#: The year the briefing reports on; liaison assignments are made for it.
DEMO_YEAR = 2010
PASSWORD_ENV = "GONGJIAN_DEMO_PASSWORD"
DEFAULT_PASSWORD = "gongjian-demo"

Kind = Organisation.Kind
Cat = Person.Category
ARole = Affiliation.Role


def demo_password() -> str:
    """The one password of every demo login: $GONGJIAN_DEMO_PASSWORD, else ``gongjian-demo``."""
    return os.environ.get(PASSWORD_ENV) or DEFAULT_PASSWORD


def demo_district() -> District | None:
    return District.objects.filter(name=data.DISTRICT["name"]).first()


# -- extension by later apps ------------------------------------------------------------------


@dataclass
class DemoContext:
    """What a demo part gets: the district just built and a generator of its own."""

    district: District
    rng: random.Random
    say: Callable[[str], None]
    source: str = SOURCE
    year: int = DEMO_YEAR


@dataclass(frozen=True)
class DemoPart:
    name: str
    build: Callable[[DemoContext], bool | None]
    delete: Callable[[District], None] | None = None
    budget_seconds: float = 30.0


_parts: dict[str, DemoPart] = {}


def register_demo_part(name: str, *, build: Callable[[DemoContext], bool | None], delete: Callable[[District], None] | None = None,
                       budget_seconds: float = 30.0) -> None:
    """Add an app's share of the demo (call it from ``AppConfig.ready()``).

    ``build(ctx)`` runs after the registry part, in the same transaction, with a generator
    seeded from ``name`` (so adding a part never changes the others' data). It must write
    nothing when its data is already there and say so by returning False: ``gongjian demo``
    calls every part on an existing district too, so a part added by an upgrade fills in
    (``make setup`` after ``git pull``). ``delete(district)`` runs first on ``--reset`` and
    removes that app's rows for the district and their change-log rows, so the registry rows it
    points to can go. ``budget_seconds``: how long it may take; the runner prints each part's
    time against it.
    """
    _parts[name] = DemoPart(name=name, build=build, delete=delete, budget_seconds=budget_seconds)


def unregister_demo_part(name: str) -> None:
    """Forget a part (for tests)."""
    _parts.pop(name, None)


def demo_parts() -> list[DemoPart]:
    return list(_parts.values())


# -- summary ----------------------------------------------------------------------------------


@dataclass
class DemoSummary:
    """``built``: the district was built now; ``added``: the parts that wrote their data now
    (on an existing district, those that were missing); ``timings``: seconds by part."""

    built: bool
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def _writer(stdout) -> Callable[[str], None]:
    if stdout is None:
        return lambda message: None
    return lambda message: stdout.write(message + "\n")


def _run_parts(district: District, say, summary: DemoSummary) -> None:
    """Every registered part, in order: each writes its data unless it is there already."""
    for part in _parts.values():
        started = time.monotonic()
        said: list[str] = []
        wrote = part.build(DemoContext(district=district, rng=random.Random(f"{SEED}:{part.name}"), say=said.append))
        seconds = time.monotonic() - started
        summary.timings[part.name] = seconds
        if wrote is False:  # its data was there already: nothing to report
            continue
        summary.added.append(part.name)
        for message in said:
            say(message)
        say(
            (_("Demo part %(name)s: %(seconds).1f s of its %(budget).0f s budget.") if seconds <= part.budget_seconds
             else _("Demo part %(name)s: %(seconds).1f s, OVER its %(budget).0f s budget."))
            % {"name": part.name, "seconds": seconds, "budget": part.budget_seconds}
        )


def build_demo(*, reset: bool = False, stdout=None) -> DemoSummary:
    """Build the demo district, or, when it is there already, add the parts it is missing (a
    part registered since it was built); with ``reset``, delete it first and build it again.

    Idempotent: running it again writes nothing.
    """
    say = _writer(stdout)
    started = time.monotonic()
    with transaction.atomic():
        existing = demo_district()
        if existing is not None and not reset:
            summary = DemoSummary(built=False)
            _run_parts(existing, say, summary)
            summary.seconds = time.monotonic() - started
            if summary.added:
                say(_("The demo district %(name)s was there; added the missing parts: %(parts)s.")
                    % {"name": existing.name, "parts": ", ".join(summary.added)})
            else:
                say(
                    _("The demo district %(name)s is already there; nothing was changed. Run with --reset to rebuild it.")
                    % {"name": existing.name}
                )
            return summary
        if reset:
            delete_demo(stdout=stdout)
        builder = _Builder(random.Random(SEED), say)
        district = builder.build()
        summary = DemoSummary(built=True, counts=dict(builder.counts))
        summary.timings["registry"] = time.monotonic() - started
        _run_parts(district, say, summary)
    summary.seconds = time.monotonic() - started
    say(
        _("Built the demo district %(name)s in %(seconds).1f s: %(communities)d communities, %(units)d resident units, %(people)d people.")
        % {
            "name": district.name,
            "seconds": summary.seconds,
            "communities": builder.counts["communities"],
            "units": builder.counts["resident_units"],
            "people": builder.counts["people"],
        }
    )
    return summary


# -- deleting ----------------------------------------------------------------------------------


def _demo_users() -> models.QuerySet:
    """Demo logins are the users of those names whose creation the change log credits to the demo
    (an ``admin`` made by ``createsuperuser`` is never touched)."""
    User = get_user_model()
    made = ObjectChange.objects.filter(
        content_type=ContentType.objects.get_for_model(User), action=ObjectChange.Action.CREATE, source=SOURCE
    ).values_list("object_id", flat=True)
    return User.objects.filter(username__in=[spec.username for spec in data.DEMO_LOGINS], pk__in=list(made))


def _chunks(values: list, size: int = 500) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


#: Public API now in core (the suggestions and meetings demos use it); the old name stays.
_delete_with_changes = delete_with_changes


def delete_demo(*, stdout=None) -> int:
    """Delete the demo district with everything in it, the demo logins, and the change-log rows
    about all of them. Returns how many rows went (change-log rows not counted)."""
    say = _writer(stdout)
    total = 0
    with transaction.atomic():
        district = demo_district()
        users = list(_demo_users())
        if district is not None:
            for part in reversed(list(_parts.values())):
                if part.delete:
                    part.delete(district)
            d = district
            in_district = Q(community__street__district=d)
            steps = [
                (RoleAssignment, Q(district=d) | Q(street__district=d) | Q(community__street__district=d)
                 | Q(organisation__community__street__district=d) | Q(person__community__street__district=d) | Q(user__in=users)),
                (Affiliation, Q(person__community__street__district=d) | Q(organisation__community__street__district=d)),
                (LiaisonAssignment, in_district | Q(unit__community__street__district=d)),
                (Person, in_district),
                (Organisation, in_district),
                (Building, Q(compound__community__street__district=d)),
                (Compound, in_district),
                (Community, Q(street__district=d)),
                (Street, Q(district=d)),
                (District, Q(pk=d.pk)),
            ]
            for model, condition in steps:
                total += delete_with_changes(model, model._default_manager.filter(condition))
        total += delete_with_changes(RoleAssignment, RoleAssignment.objects.filter(user__in=users))
        total += delete_with_changes(get_user_model(), get_user_model().objects.filter(pk__in=[u.pk for u in users]))
    if district is not None or users:
        say(_("Deleted the demo district and its logins (%(rows)d rows).") % {"rows": total})
    return total


# -- building ----------------------------------------------------------------------------------


def _full_clean_batch(model: type[models.Model], objs: list[models.Model]) -> None:
    """``full_clean()`` for a batch of new rows, with the checks that cost a query per row done
    once for the whole batch: every object's fields and ``clean()`` are validated as usual; that
    each foreign key points at an existing row is checked with one query per field; unique
    constraints are checked within the batch (against stored rows the database enforces them,
    and every row here belongs to a district that did not exist a moment ago)."""
    fks = [f for f in model._meta.concrete_fields if f.is_relation]
    fk_names = [f.name for f in fks]
    for obj in objs:
        obj.full_clean(exclude=fk_names, validate_constraints=False)
        for f in fks:
            if getattr(obj, f.attname) is None and not f.null:
                raise ValidationError({f.name: f.error_messages["null"]})
    for f in fks:
        wanted = {getattr(obj, f.attname) for obj in objs} - {None}
        found: set = set()
        for chunk in _chunks(sorted(wanted)):
            target = f.target_field.attname
            found.update(f.related_model._base_manager.filter(**{f"{target}__in": chunk}).values_list(target, flat=True))
        if wanted - found:
            raise ValidationError({f.name: _("%(model)s %(ids)s does not exist.") % {
                "model": f.related_model._meta.verbose_name, "ids": sorted(wanted - found)[:5]}})
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or not constraint.fields:
            continue
        attnames = [model._meta.get_field(name).attname for name in constraint.fields]
        seen: set = set()
        for obj in objs:
            values = tuple(getattr(obj, a) for a in attnames)
            if any(v in (None, "") for v in values):  # blank values are exempt, as in the conditions used
                continue
            if values in seen:
                raise ValidationError(constraint.get_violation_error_message())
            seen.add(values)



def _dec(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def _short(community_name: str) -> str:
    return community_name.removesuffix("社区")


@dataclass
class _PersonPlan:
    """A person before saving, with the organisations they are to join."""

    person: Person
    joins: list[tuple[Organisation, str, str]] = field(default_factory=list)  # (org, role, title)

    def join(self, org: Organisation, role: str, title: str = "") -> None:
        if all(o is not org for o, _r, _t in self.joins):
            self.joins.append((org, role, title))

    def joined(self, org: Organisation) -> bool:
        return any(o is org for o, _r, _t in self.joins)


@dataclass
class _UnitPlan:
    """A resident unit before saving, with its liaison (联络员) chosen already: the liaison is the
    unit's contact person."""

    spec: data.UnitSpec
    liaison: tuple[str, str, str]  # name, gender, mobile
    org: Organisation | None = None
    served: list[Community] = field(default_factory=list)


@dataclass
class _CommunityWork:
    """Everything generated for one community, kept while its people are planned."""

    community: Community
    spec: data.CommunitySpec
    compounds: list[tuple[Compound, int]] = field(default_factory=list)  # (compound, buildings)
    units: list[_UnitPlan] = field(default_factory=list)
    orgs: dict[str, Organisation] = field(default_factory=dict)  # by template
    owners: list[Organisation] = field(default_factory=list)
    people: list[_PersonPlan] = field(default_factory=list)


class _Builder:
    def __init__(self, rng: random.Random, say: Callable[[str], None]):
        self.rng = rng
        self.say = say
        self.counts: Counter[str] = Counter()
        self.mobiles: set[str] = set()
        self.used_names: set[str] = set()  # compound and unit names, unique district-wide
        self.pending_roles: list[tuple[data.LoginSpec, object, dict]] = []  # (login, user, scope)

    # - helpers -

    def write(self, model: type[models.Model], objs: list, key: str) -> None:
        """Validate one model's new rows and write them through ``services.bulk_write``."""
        _full_clean_batch(model, objs)
        # New rows have no many-to-many links yet; saying so spares the change-log snapshot a
        # query per row. The cache is dropped once written, so later reads go to the database.
        empty = {f.name: f.related_model._default_manager.none() for f in model._meta.many_to_many}
        for obj in objs if empty else ():
            obj._prefetched_objects_cache = dict(empty)
        services.bulk_write(actor=None, model=model, creates=objs, updates=[], update_fields=[], source=SOURCE)
        for obj in objs if empty else ():
            del obj._prefetched_objects_cache
        self.counts[key] += len(objs)

    def near(self, lat, lng, spread: float) -> tuple[Decimal, Decimal]:
        return (
            _dec(float(lat) + self.rng.uniform(-spread, spread)),
            _dec(float(lng) + self.rng.uniform(-spread, spread)),
        )

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(data.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.mobiles:
                self.mobiles.add(number)
                return number

    def landline(self) -> str:
        return f"0598-8{self.rng.randrange(10**6):06d}"

    def name(self, gender: str) -> str:
        surnames = data.SURNAMES
        # Earlier surnames are commoner: a triangular draw favours the front of the list.
        surname = surnames[int(self.rng.triangular(0, len(surnames), 0)) % len(surnames)]
        pool = data.GIVEN_MALE if gender == "M" else data.GIVEN_FEMALE
        size = 2 if self.rng.random() < 0.75 else 1
        return surname + "".join(self.rng.choice(pool) for _i in range(size))

    def specialties(self, k: int) -> str:
        names = [n for n, _w in data.SPECIALTIES]
        weights = [w for _n, w in data.SPECIALTIES]
        chosen: list[str] = []
        while len(chosen) < k:
            pick = self.rng.choices(names, weights)[0]
            if pick not in chosen:
                chosen.append(pick)
        return "、".join(chosen)

    def unique(self, candidates: list[str]) -> str | None:
        free = [c for c in candidates if c not in self.used_names]
        if not free:
            return None
        pick = self.rng.choice(free)
        self.used_names.add(pick)
        return pick

    # - the build -

    def build(self) -> District:
        district = District(**data.DISTRICT)
        self.write(District, [district], "districts")
        streets = [Street(district=district, name=name, committee_name=committee) for name, committee in data.STREETS]
        self.write(Street, streets, "streets")
        by_street = {s.name: s for s in streets}

        works = []
        for spec in data.COMMUNITIES:
            community = services.community_create(
                actor=None, street=by_street[spec.street], name=spec.name, source=SOURCE,
                address=f"{data.DISTRICT['city']}{data.DISTRICT['name']}{spec.road}{spec.number}号",
                households=spec.households, population=spec.population, lat=_dec(spec.lat), lng=_dec(spec.lng),
            )
            works.append(_CommunityWork(community=community, spec=spec))
        self.counts["communities"] += len(works)
        self.say(_("Places: %(streets)d streets, %(communities)d communities.") % {"streets": len(streets), "communities": len(works)})

        self.build_compounds(works)
        self.build_organisations(works)
        self.build_people(works)
        self.build_liaisons(works)
        self.build_roles()
        return district

    def build_compounds(self, works: list[_CommunityWork]) -> None:
        compounds, buildings = [], []
        for work in works:
            spec, short = work.spec, _short(work.spec.name)
            n = 3 + (spec.households >= 2000) + (spec.households >= 2800) + (self.rng.random() < 0.5)
            local = [t.format(short=short) for t in data.COMPOUND_LOCAL[1:]]
            generic = list(data.COMPOUND_GENERIC)
            if spec.street == data.STEEL_STREET:
                generic += data.COMPOUND_STEEL
            names = [data.COMPOUND_LOCAL[0].format(short=short)]  # 江滨小区 for 江滨社区
            self.used_names.add(names[0])
            while len(names) < n:
                pick = self.unique(local if self.rng.random() < 0.4 else generic) or self.unique(local + generic)
                if pick is None:
                    raise RuntimeError("demo_data.py has too few compound names")
                names.append(pick)
            for name in names:
                lat, lng = self.near(spec.lat, spec.lng, 0.0022)
                compound = Compound(
                    community=work.community, name=name, lat=lat, lng=lng,
                    address=f"{data.DISTRICT['city']}{data.DISTRICT['name']}{spec.road}{self.rng.randint(1, 120)}号",
                )
                size = self.rng.randint(3, 9)
                work.compounds.append((compound, size))
                compounds.append(compound)
                buildings += [Building(compound=compound, name=f"{i}幢") for i in range(1, size + 1)]
        self.write(Compound, compounds, "compounds")
        for b in buildings:  # the compounds have their ids now
            b.compound = b.compound
        self.write(Building, buildings, "buildings")
        self.say(_("Compounds: %(compounds)d with %(buildings)d buildings.") % {"compounds": len(compounds), "buildings": len(buildings)})

    def plan_units(self, works: list[_CommunityWork]) -> None:
        """Choose each community's resident units: its own landmarks first, then street-level
        branches, branches named after the community, district bodies and private firms."""
        street_units = {
            street: [data.UnitSpec(u.name.format(street=street.removesuffix("街道")), u.kind) for u in data.UNITS_BY_STREET]
            for street, _c in data.STREETS
        }
        global_units = list(data.UNITS_GLOBAL)
        firms = [
            data.UnitSpec(f"三明市{brand}{trade}", data.NON_PUBLIC)
            for brand in data.NON_PUBLIC_BRANDS for trade in data.NON_PUBLIC_TRADES
        ]
        for spec in data.UNITS_ANCHORED.values():
            self.used_names.update(u.name for u in spec)
        for work in works:
            spec, short = work.spec, _short(work.spec.name)
            chosen = list(data.UNITS_ANCHORED.get(spec.name, []))[: spec.units]
            local = [data.UnitSpec(u.name.format(short=short), u.kind) for u in data.UNITS_BY_COMMUNITY]
            while len(chosen) < spec.units:
                draw = self.rng.random()
                if draw < 0.2:
                    pool = street_units[spec.street]
                elif draw < 0.5:
                    pool = local
                elif draw < 0.75:
                    pool = global_units
                else:
                    pool = firms
                free = [u for u in pool if u.name not in self.used_names]
                if not free:
                    continue
                unit = self.rng.choice(free)
                self.used_names.add(unit.name)
                chosen.append(unit)
            for unit in chosen:
                gender = "M" if self.rng.random() < 0.6 else "F"
                work.units.append(_UnitPlan(spec=unit, liaison=(self.name(gender), gender, self.mobile())))

    def new_org(self, work: _CommunityWork, template: str, kind: str, *, compound: Compound | None = None,
                address: str = "", **extra) -> Organisation:
        """One of the community's own organisations, named from ``template`` ({name} = 江滨社区)."""
        spec = work.spec
        lat, lng = (compound.lat, compound.lng) if compound else self.near(spec.lat, spec.lng, 0.0008)
        org = Organisation(
            community=work.community, name=template.format(name=spec.name, short=_short(spec.name)), kind=kind,
            compound=compound, address=address or work.community.address, lat=lat, lng=lng, **extra,
        )
        work.orgs[template] = org
        return org

    def plan_organisations(self, work: _CommunityWork) -> list[Organisation]:
        """The Party organisation, residents' committee, civil and mass organisations, owners'
        committees and property companies of one community."""
        rng, spec = self.rng, work.spec
        members = {data.PARTY_COMMITTEE: (300, 450), data.PARTY_GENERAL_BRANCH: (150, 280), data.PARTY_BRANCH: (60, 140)}
        orgs = [
            self.new_org(work, "{short}社区" + spec.party_form, Kind.PARTY_ORG, party_members=rng.randint(*members[spec.party_form])),
            self.new_org(work, "{name}居委会", Kind.RESIDENTS_COMMITTEE),
        ]
        orgs += [self.new_org(work, t, Kind.CIVIL) for t, must in data.CIVIL_ORGS if must or rng.random() < 0.45]
        non_public = sum(1 for u in work.units if u.spec.kind == data.NON_PUBLIC)
        if non_public >= 3 and rng.random() < 0.6:
            orgs.append(self.new_org(work, data.NON_PUBLIC_ASSOCIATION, Kind.CIVIL))
        orgs += [
            self.new_org(work, t, Kind.MASS, mass_kind=mass_kind)
            for t, mass_kind, must in data.MASS_ORGS if must or rng.random() < 0.5
        ]
        if non_public >= 3:  # a trade union federation where private firms cluster
            orgs.append(self.new_org(work, data.UNION, Kind.MASS, mass_kind=Organisation.MassKind.UNION))
        for compound, _size in work.compounds:
            if rng.random() < 0.55:
                owners = self.new_org(work, compound.name + "业主委员会", Kind.OWNERS_COMMITTEE, compound=compound, address=compound.address)
                work.owners.append(owners)
                orgs.append(owners)
            if rng.random() < 0.45:
                orgs.append(self.new_org(
                    work, f"三明市{rng.choice(data.PROPERTY_BRANDS)}物业服务有限公司{compound.name}管理处",
                    Kind.PROPERTY_COMPANY, compound=compound, address=compound.address,
                    contact_name=self.name(rng.choice("MF")), contact_phone=self.landline(),
                ))
        return orgs

    def build_organisations(self, works: list[_CommunityWork]) -> None:
        self.plan_units(works)
        rng = self.rng
        by_name = {w.spec.name: w.community for w in works}
        orgs: list[Organisation] = []
        serving: list[tuple[_UnitPlan, dict]] = []
        party = {data.ORGAN: (8, 60), data.INSTITUTION: (10, 120), data.STATE: (5, 80), data.NON_PUBLIC: (1, 12)}
        for work in works:
            spec = work.spec
            orgs += self.plan_organisations(work)
            same_street = [w.spec.name for w in works if w.spec.street == spec.street]
            for plan in work.units:
                lat, lng = self.near(spec.lat, spec.lng, 0.0035)
                fields = dict(
                    community=work.community, name=plan.spec.name, kind=Kind.RESIDENT_UNIT, unit_kind=plan.spec.kind,
                    lat=lat, lng=lng, address=f"{data.DISTRICT['city']}{data.DISTRICT['name']}{spec.road}{rng.randint(1, 160)}号",
                    contact_name=plan.liaison[0], contact_phone=plan.liaison[2], party_members=rng.randint(*party[plan.spec.kind]),
                )
                if plan.spec.serves:  # also serves the next communities of its street
                    at = same_street.index(spec.name)
                    plan.served = [by_name[same_street[(at + k) % len(same_street)]] for k in range(1, plan.spec.serves + 1)]
                    serving.append((plan, fields))
                else:
                    plan.org = Organisation(**fields)
                    orgs.append(plan.org)
        self.write(Organisation, orgs, "organisations")
        for plan, fields in serving:  # a few, with their many-to-many links: one at a time
            plan.org = services.organisation_create(actor=None, served_communities=plan.served, source=SOURCE, **fields)
        self.counts["organisations"] += len(serving)
        self.counts["resident_units"] = sum(len(w.units) for w in works)
        self.say(
            _("Organisations: %(orgs)d, of them %(units)d resident units.")
            % {"orgs": self.counts["organisations"], "units": self.counts["resident_units"]}
        )

    # - people -

    def person(self, work: _CommunityWork, category: str, *, born: tuple[int, int], female: float = 0.5,
               name: str = "", gender: str = "", mobile: str = "", compound: Compound | None = None,
               specialties: int | None = None) -> _PersonPlan:
        rng = self.rng
        gender = gender or ("F" if rng.random() < female else "M")
        birth_year = rng.randint(*born)
        if compound is None:
            compounds = [cpd for cpd, _size in work.compounds]
            compound = rng.choices(compounds, [size for _cpd, size in work.compounds])[0]
        size = next(s for cpd, s in work.compounds if cpd is compound)
        address = f"{compound.name}{rng.randint(1, size)}幢{rng.randint(1, 3)}单元{rng.randint(1, 7)}0{rng.randint(1, 2)}"
        if specialties is None:
            specialties = rng.choice((1, 1, 2, 2, 3)) if category != Cat.RESIDENT else rng.choice((0, 0, 1))
        if birth_year <= 1955:
            availability = rng.choice((Person.Availability.ANY, Person.Availability.ANY, Person.Availability.WEEKDAY))
        else:
            availability = rng.choice((Person.Availability.EVENING, Person.Availability.WEEKEND, Person.Availability.EVENING, Person.Availability.ANY))
        if category == Cat.RESIDENT and rng.random() < 0.3:
            availability = ""
        lat, lng = self.near(compound.lat, compound.lng, 0.0008)
        plan = _PersonPlan(
            Person(
                community=work.community, compound=compound, name=name or self.name(gender), gender=gender,
                birth_year=birth_year, mobile=mobile or self.mobile(), address=address, category=category,
                is_party_member=category in Person.PARTY_CATEGORIES, specialties=self.specialties(specialties),
                availability=availability, lat=lat, lng=lng,
            )
        )
        work.people.append(plan)
        return plan

    def plan_people(self, work: _CommunityWork) -> None:
        rng, spec, orgs = self.rng, work.spec, work.orgs
        hh = spec.households
        # Resident units: a liaison each (联络员), most with their head (负责人), some members.
        for plan in work.units:
            unit, (liaison_name, gender, mobile) = plan.org, plan.liaison
            p = self.person(work, Cat.UNIT_MEMBER, born=(1960, 1985), name=liaison_name, gender=gender, mobile=mobile)
            p.join(unit, ARole.LIAISON, "联络员")
            if rng.random() < 0.7:
                head = self.person(work, Cat.UNIT_MEMBER, born=(1955, 1975), female=0.3)
                head.join(unit, ARole.HEAD, data.UNIT_PARTY_TITLE if rng.random() < 0.25 else data.unit_head_title(plan.spec.name))
            for _i in range(rng.randint(0, 2)):
                self.person(work, Cat.UNIT_MEMBER, born=(1965, 1988)).join(unit, ARole.MEMBER)
        party = next(o for o in orgs.values() if o.kind == Kind.PARTY_ORG)
        committee = orgs["{name}居委会"]
        secretary = self.person(work, Cat.RESIDENT_MEMBER, born=(1958, 1976), female=0.6)
        secretary.join(party, ARole.HEAD, "书记")
        if rng.random() < 0.6:  # 一肩挑: the secretary also chairs the residents' committee
            secretary.join(committee, ARole.HEAD, "主任")
        else:
            self.person(work, Cat.RESIDENT_MEMBER, born=(1960, 1978), female=0.7).join(committee, ARole.HEAD, "主任")
        self.person(work, Cat.RESIDENT_MEMBER, born=(1962, 1982), female=0.6).join(party, ARole.MEMBER, "副书记")
        for _i in range(2):
            self.person(work, Cat.ACTIVIST, born=(1965, 1985), female=0.7).join(committee, ARole.MEMBER, "委员")
        # Party members without posts (mostly retired), members living here, activists, residents.
        no_post = [self.person(work, Cat.NO_POST_MEMBER, born=(1932, 1962)) for _i in range(8 + hh // 400 + rng.randint(0, 3))]
        resident_members = [self.person(work, Cat.RESIDENT_MEMBER, born=(1980, 1986))]
        resident_members += [self.person(work, Cat.RESIDENT_MEMBER, born=(1950, 1985)) for _i in range(3 + hh // 600 + rng.randint(0, 2))]
        activists = [self.person(work, Cat.ACTIVIST, born=(1940, 1975), female=0.65) for _i in range(6 + hh // 400 + rng.randint(0, 3))]
        residents: list[_PersonPlan] = []
        for owners in work.owners:  # each owners' committee: a chair and two members living there
            chair = self.person(work, Cat.ACTIVIST, born=(1950, 1975), compound=owners.compound)
            chair.join(owners, ARole.HEAD, "主任")
            for _i in range(2):
                member = self.person(work, Cat.RESIDENT, born=(1950, 1980), compound=owners.compound)
                member.join(owners, ARole.MEMBER, "委员")
                residents.append(member)
            activists.append(chair)
        residents += [self.person(work, Cat.RESIDENT, born=(1935, 1995)) for _i in range(6 + hh // 110 + rng.randint(0, 4))]

        def org(template: str) -> Organisation | None:
            return orgs.get(template)

        volunteers = org("{name}志愿者服务队")
        seniors, troupe, patrol = org("{name}老年协会"), org("{name}文艺队"), org("{name}义务巡逻队")
        drums, art = org("{name}腰鼓队"), org("{name}书画协会")
        league, women = org("{name}团支部"), org("{name}妇联")
        elders, elders_team, family = org("{name}关心下一代工作委员会"), org("{name}“五老”志愿服务队"), org("{name}计生协会")
        for p in no_post:
            old = p.person.birth_year <= 1950
            if old and rng.random() < 0.5:
                p.join(elders_team or elders, ARole.MEMBER)
            if old and rng.random() < 0.4:
                p.join(seniors, ARole.MEMBER)
            if rng.random() < 0.5:
                p.join(volunteers, ARole.VOLUNTEER)
        for p in resident_members:
            if rng.random() < 0.4:
                p.join(volunteers, ARole.VOLUNTEER)
            if p.person.birth_year >= 1978:
                p.join(league, ARole.MEMBER)
        for p in activists:
            female = p.person.gender == "F"
            if rng.random() < 0.8:
                p.join(volunteers, ARole.VOLUNTEER)
            if female and rng.random() < 0.4:
                p.join(troupe, ARole.MEMBER)
            if female and rng.random() < 0.3:
                p.join(women, ARole.MEMBER)
            if patrol and not female and rng.random() < 0.5:
                p.join(patrol, ARole.VOLUNTEER)
            if drums and female and rng.random() < 0.3:
                p.join(drums, ARole.MEMBER)
        for p in residents:
            born = p.person.birth_year
            if born <= 1950 and rng.random() < 0.5:
                p.join(seniors, ARole.MEMBER)
            if rng.random() < 0.1:
                p.join(troupe, ARole.MEMBER)
            if born >= 1980 and rng.random() < 0.3:
                p.join(league, ARole.MEMBER)
            if art and born <= 1960 and rng.random() < 0.15:
                p.join(art, ARole.MEMBER)

        def head(target: Organisation | None, pool: list[_PersonPlan], title: str, test=lambda person: True) -> None:
            if target is None:
                return
            fitting = [p for p in pool if test(p.person)] or pool
            chosen = rng.choice(fitting)
            chosen.joins = [j for j in chosen.joins if j[0] is not target]
            chosen.join(target, ARole.HEAD, title)

        head(seniors, no_post, "会长", lambda p: p.birth_year <= 1950)
        head(volunteers, activists, "队长")
        head(troupe, activists, "队长", lambda p: p.gender == "F")
        head(patrol, no_post + activists, "队长", lambda p: p.gender == "M")
        head(drums, activists, "队长", lambda p: p.gender == "F")
        head(art, no_post + residents, "会长", lambda p: p.birth_year <= 1960)
        head(league, resident_members, "书记", lambda p: p.birth_year >= 1978)
        head(women, activists + resident_members, "主席", lambda p: p.gender == "F")
        head(elders, no_post, "主任", lambda p: p.birth_year <= 1948)
        head(elders_team, no_post, "队长", lambda p: p.birth_year <= 1950)
        head(family, activists, "会长", lambda p: p.gender == "F")
        unit_heads = [p for p in work.people if p.person.category == Cat.UNIT_MEMBER
                      and any(o.unit_kind == data.NON_PUBLIC and r == ARole.HEAD for o, r, _t in p.joins)]
        if unit_heads:
            head(org(data.NON_PUBLIC_ASSOCIATION), unit_heads, "会长")
            head(org(data.UNION), unit_heads, "主席")
        else:
            union = org(data.UNION)
            head(union, [p for p in work.people if p.person.category == Cat.UNIT_MEMBER], "主席")

    def build_people(self, works: list[_CommunityWork]) -> None:
        for work in works:
            self.plan_people(work)
        self.build_logins(works)
        plans = [p for w in works for p in w.people]
        self.write(Person, [p.person for p in plans], "people")
        affiliations = [
            Affiliation(person=p.person, organisation=o, role=role, title=title)
            for p in plans for o, role, title in p.joins if o is not None
        ]
        self.write(Affiliation, affiliations, "affiliations")
        members = sum(1 for p in plans if p.person.is_party_member)
        activists = sum(1 for p in plans if p.person.category == Cat.ACTIVIST)
        self.say(
            _("People: %(people)d (%(members)d Party members, %(activists)d activists), %(affiliations)d affiliations.")
            % {"people": len(plans), "members": members, "activists": activists, "affiliations": len(affiliations)}
        )

    def build_logins(self, works: list[_CommunityWork]) -> None:
        """The demo logins: one user per role, sharing the demo password. Runs before the people
        are saved, so the people behind three of them are saved with their login set."""
        User = get_user_model()
        jiangbin = next(w for w in works if w.spec.name == data.DEMO_COMMUNITY)
        unit = next(u.org for u in jiangbin.units if u.spec.name == data.DEMO_UNIT)
        people = {
            "unit": next(p for p in jiangbin.people if any(o is unit and r == ARole.LIAISON for o, r, _t in p.joins)),
            "member": next(p for p in jiangbin.people if p.person.category == Cat.NO_POST_MEMBER),
            "resident": next(p for p in jiangbin.people if p.person.category == Cat.RESIDENT and not p.joins),
        }
        streets = {s.name: s for s in Street.objects.filter(district=jiangbin.community.street.district)}
        scopes = {
            "district": {"district": jiangbin.community.street.district},
            "lidong": {"street": streets[data.DEMO_STREETS["lidong"]]},
            "liexi": {"street": streets[data.DEMO_STREETS["liexi"]]},
            "jiangbin": {"community": jiangbin.community},
            "unit": {"organisation": unit},
            "member": {"person": people["member"].person},
            "resident": {"community": jiangbin.community},
        }
        # The password is public by design (``make run`` prints it), so one hash serves every
        # demo login: hashing is deliberately slow and eight of them would double the build.
        hashed = make_password(demo_password())
        stale = _demo_users()
        delete_with_changes(RoleAssignment, RoleAssignment.objects.filter(user__in=stale))
        delete_with_changes(User, stale)
        taken = set(User.objects.filter(username__in=[s.username for s in data.DEMO_LOGINS]).values_list("username", flat=True))
        users = []
        for spec in data.DEMO_LOGINS:
            if spec.username in taken:
                self.say(_("A user named %(name)s already exists and was left alone; that demo login is skipped.") % {"name": spec.username})
                continue
            plan = people.get(spec.username)
            display = spec.display.format(person=plan.person.name if plan else "", unit=unit.name)
            user = User(username=spec.username, first_name=display, password=hashed,
                        is_superuser=not spec.role, is_staff=not spec.role)
            user.full_clean()
            users.append((spec, user))
        User.objects.bulk_create([u for _s, u in users])
        ObjectChange.objects.bulk_create([
            change_row(actor=None, action=ObjectChange.Action.CREATE, obj=u, source=SOURCE,
                       after={"username": u.username, "first_name": u.first_name, "is_superuser": u.is_superuser})
            for _s, u in users
        ])
        for spec, user in users:
            if spec.username in people:
                people[spec.username].person.user = user
        self.pending_roles = [(spec, user, scopes[spec.username]) for spec, user in users if spec.role]
        self.counts["logins"] = len(users)

    def build_liaisons(self, works: list[_CommunityWork]) -> None:
        rng = self.rng
        organs = [u.org for w in works for u in w.units if u.spec.kind == data.ORGAN]
        rng.shuffle(organs)
        leaders = []
        for post, n in data.LIAISON_LEADER_POSTS:
            leader = self.name("M" if rng.random() < 0.8 else "F")
            leaders += [(leader, post)] * n
        rows = []
        for i, work in enumerate(works):
            leader, post = leaders[i % len(leaders)]
            rows.append(LiaisonAssignment(community=work.community, kind=LiaisonAssignment.Kind.LEADER,
                                          leader_name=leader, leader_title=post, year=DEMO_YEAR))
            n_units = 2 if work.spec.units >= 15 else 1
            for k in range(n_units):
                unit = organs[(i * 2 + k) % len(organs)]
                rows.append(LiaisonAssignment(community=work.community, kind=LiaisonAssignment.Kind.UNIT, unit=unit, year=DEMO_YEAR))
        self.write(LiaisonAssignment, rows, "liaison_assignments")

    def build_roles(self) -> None:
        """The demo logins' roles, now that the people they are scoped to are saved."""
        roles = [RoleAssignment(user=user, role=spec.role, **scope) for spec, user, scope in self.pending_roles]
        self.write(RoleAssignment, roles, "role_assignments")
        self.say(
            _("Liaison leaders and units for %(year)d: %(rows)d; demo logins: %(logins)d.")
            % {"year": DEMO_YEAR, "rows": self.counts["liaison_assignments"], "logins": self.counts["logins"]}
        )


# -- the login table ----------------------------------------------------------------------------


@dataclass
class DemoLogin:
    username: str
    display: str
    role: str
    scope: str
    password: str


def demo_logins() -> list[DemoLogin]:
    """The demo logins that exist, in the order of ``demo_data.DEMO_LOGINS``, for the table
    ``make run`` prints. The password column says when a login no longer has the demo password."""
    users = {u.username: u for u in _demo_users()}
    roles = {
        ra.user_id: ra
        for ra in RoleAssignment.objects.filter(user__in=list(users.values())).select_related(
            "district", "street", "community", "organisation", "person"
        )
    }
    password = demo_password()
    checked: dict[str, bool] = {}
    rows = []
    for spec in data.DEMO_LOGINS:
        user = users.get(spec.username)
        if user is None:
            continue
        if user.password not in checked:  # the logins share one hash: check it once
            checked[user.password] = user.check_password(password)
        assignment = roles.get(user.pk)
        if user.is_superuser:
            role, scope = _("Superuser"), _("everything")
        elif assignment:
            role, scope = assignment.get_role_display(), str(assignment.scope_object)
        else:
            role, scope = "", ""
        shown = password if checked[user.password] else _("(changed)")
        rows.append(DemoLogin(username=user.username, display=user.first_name, role=str(role), scope=scope, password=shown))
    return rows
