"""The demo district's individual post-setting in 2010: the catalogue of 22 standing kinds and
the flood's emergency post, every community's posts, exactly 815 holders chosen from the
people eligible for them, and a service log through the year (hours vary by post, some weeks
empty, the 6·18 flood in June). Deterministic (a generator seeded by the demo runner).

Registered with the registry's demo runner (``register_demo_part``) from ``PostsConfig.ready()``;
written through ``targets.services.bulk_create_logged`` so every row has its change-log row."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from gongjian.core.models import ObjectChange
from gongjian.registry import demo_data as registry_data
from gongjian.registry.models import Affiliation, Community, Person
from gongjian.targets.models import WorkCategory
from gongjian.targets.services import bulk_create_logged

from . import demo_data as data
from .models import ELIGIBLE_VALUES, Holding, Post, PostKind, ServiceEntry

YEAR = 2010
#: The figure the briefing reports: people who took posts.
HOLDERS = 815
SOURCE = "demo"
FLOOD = datetime.date(2010, 6, 18)


def _kind_objects(district) -> list[PostKind]:
    cats = {c.order: c for c in WorkCategory.objects.filter(district=district)}
    kinds = []
    for order, (name, duties, categories, specialties, cat, _hours) in enumerate(
        [*data.KINDS, data.EMERGENCY], start=1
    ):
        kind = PostKind(
            district=district,
            name=name,
            duties=duties,
            categories=list(categories),
            specialties=specialties,
            work_category=cats.get(cat),
            temporary=name == data.EMERGENCY[0],
            order=order,
        )
        kind.full_clean(exclude=["district", "work_category"], validate_unique=False, validate_constraints=False)
        kinds.append(kind)
    return bulk_create_logged(actor=None, model=PostKind, objs=kinds, source=SOURCE)


def _hours(rng: random.Random, base: float) -> Decimal:
    value = max(0.5, round(rng.gauss(base, base * 0.35) * 2) / 2)
    return Decimal(str(min(value, 8.0)))


def build(ctx) -> bool:
    """Write the posts of the demo district; False (nothing written) when they are there."""
    district, rng, say = ctx.district, ctx.rng, ctx.say
    if PostKind.objects.filter(district=district).exists():
        return False
    kinds = _kind_objects(district)
    standing = [k for k in kinds if not k.temporary]
    emergency = next(k for k in kinds if k.temporary)
    base_hours = {name: hours for name, *_rest, hours in [*data.KINDS, data.EMERGENCY]}
    communities = list(Community.objects.filter(street__district=district).order_by("pk"))
    User = get_user_model()
    member = User.objects.filter(username="member").values_list("person__id", flat=True).first()
    unit_people = set(
        Affiliation.objects.filter(
            organisation__community__street__district=district, organisation__kind="resident_unit"
        ).values_list("person_id", flat=True)
    )
    demo_unit_people = set(
        Affiliation.objects.filter(
            organisation__name=registry_data.DEMO_UNIT, organisation__community__street__district=district
        ).values_list("person_id", flat=True)
    )
    people = {c.pk: [] for c in communities}
    for p in (
        Person.objects.filter(community__in=communities, category__in=ELIGIBLE_VALUES)
        .order_by("pk")
        .only("id", "community_id", "category")
    ):
        if p.pk != member:
            people[p.community_id].append(p)
    total = sum(len(v) for v in people.values())
    # Share the 815 holders out in proportion to each community's eligible people.
    shares = {c.pk: HOLDERS * len(people[c.pk]) // total for c in communities}
    for c in sorted(communities, key=lambda c: -len(people[c.pk]))[: HOLDERS - sum(shares.values())]:
        shares[c.pk] += 1
    posts, plans = [], []
    for c in communities:
        chosen = rng.sample(people[c.pk], min(shares[c.pk], len(people[c.pk])))
        if c.name == registry_data.DEMO_COMMUNITY:
            # The demo liaison's unit has people on posts, so that ``unit`` has logs to read.
            theirs = [p for p in people[c.pk] if p.pk in demo_unit_people and p not in chosen][:3]
            chosen = theirs + chosen[: len(chosen) - len(theirs)]
        chosen.sort(key=lambda p: (p.pk not in unit_people, p.pk))
        kinds_here = sorted(rng.sample(standing, rng.randint(19, len(standing))), key=lambda k: k.order)
        kinds_here += [k for k in standing[:3] if k not in kinds_here]
        holders_by_kind: dict[int, list] = {k.pk: [] for k in kinds_here}
        for i, p in enumerate(chosen):
            fits = [k for k in kinds_here if p.category in k.categories]
            picks = [fits[i % len(fits)]]
            if rng.random() < 0.12:
                picks.append(rng.choice(fits))
            for k in {k.pk: k for k in picks}.values():
                holders_by_kind[k.pk].append(p)
        for k in kinds_here:
            post = Post(community=c, year=YEAR, kind=k, capacity=len(holders_by_kind[k.pk]) + rng.choice((1, 1, 2)))
            posts.append(post)
            plans.append((post, holders_by_kind[k.pk]))
        flood = Post(community=c, year=YEAR, kind=emergency, capacity=6, note="“6·18”洪灾抢险救灾和灾后重建")
        posts.append(flood)
        plans.append((flood, rng.sample(chosen, min(5, len(chosen)))))
    for post in posts:
        post.full_clean(exclude=["community", "kind"], validate_unique=False, validate_constraints=False)
    bulk_create_logged(actor=None, model=Post, objs=posts, source=SOURCE)
    holdings = []
    for post, holders in plans:
        for p in holders:
            if post.kind.temporary:
                start, end = FLOOD, datetime.date(YEAR, 8, 31)
            else:
                start, end = datetime.date(YEAR, 1, 1 + rng.randrange(0, 20)), datetime.date(YEAR, 12, 31)
            status = Holding.Status.ACTIVE
            if post.kind.temporary:
                status = Holding.Status.ENDED
            elif rng.random() < 0.04:
                end, status = datetime.date(YEAR, rng.randint(6, 11), 28), Holding.Status.ENDED
            h = Holding(
                post=post,
                person=p,
                status=status,
                via=Holding.Via.STAFF,
                commitment=rng.choice(data.COMMITMENTS),
                start=start,
                end=end,
            )
            h.full_clean(
                exclude=["post", "person", "previous", "decided_by"], validate_unique=False, validate_constraints=False
            )
            holdings.append(h)
    bulk_create_logged(actor=None, model=Holding, objs=holdings, source=SOURCE)
    entries = []
    quiet = {rng.randrange(52) for _ in range(5)} | {6}  # the Spring Festival week and a few others
    for h in holdings:
        base = base_hours[h.post.kind.name]
        keen = rng.uniform(0.35, 0.8)
        day = h.start - datetime.timedelta(days=h.start.weekday())
        week = 0
        while day <= h.end:
            if week not in quiet and rng.random() < keen:
                date = day + datetime.timedelta(days=rng.randrange(7))
                if h.start <= date <= h.end:
                    status, reason = ServiceEntry.Status.CONFIRMED, ""
                    if date.month == 12 and rng.random() < 0.4:
                        status = ServiceEntry.Status.SUBMITTED
                    elif rng.random() < 0.02:
                        status, reason = ServiceEntry.Status.RETURNED, rng.choice(data.RETURN_REASONS)
                    entries.append(
                        ServiceEntry(
                            holding=h,
                            date=date,
                            hours=_hours(rng, base),
                            done=rng.choice(data.DONE),
                            status=status,
                            reason=reason,
                        )
                    )
            day += datetime.timedelta(days=7)
            week += 1
    bulk_create_logged(actor=None, model=ServiceEntry, objs=entries, source=SOURCE)
    say(
        f"{district.name}：{len(standing)} 类岗位，{len(posts)} 个岗位，{len({h.person_id for h in holdings})} 人认岗，{len(entries)} 条服务记录。"
    )


def delete(district) -> int:
    """Remove the district's post-setting rows and their change-log rows."""
    total = 0
    steps = [
        (ServiceEntry, {"holding__post__community__street__district": district}),
        (Holding, {"post__community__street__district": district}),
        (Post, {"community__street__district": district}),
        (PostKind, {"district": district}),
    ]
    for model, condition in steps:
        qs = model.objects.filter(**condition)
        if model is ServiceEntry:
            for entry in qs.exclude(evidence=""):
                entry.evidence.delete(save=False)
        ids = list(qs.values_list("pk", flat=True))
        ct = ContentType.objects.get_for_model(model)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            ObjectChange.objects.filter(content_type=ct, object_id__in=chunk).delete()
            model.objects.filter(pk__in=chunk).delete()
        total += len(ids)
    return total
