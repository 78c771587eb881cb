"""Every write of individual post-setting: keyword-only, atomic, validated with full_clean()
and written to the change log. Refusals are ApplicationErrors with a Chinese message (through
the catalogue); nothing is written when one is raised."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from contextlib import contextmanager
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjian.core.changelog import log_change, snapshot
from gongjian.core.exceptions import ApplicationError
from gongjian.core.models import ObjectChange
from gongjian.core.notices import notice_send
from gongjian.core.services import create_logged, update_logged
from gongjian.registry import services as registry_services
from gongjian.registry.models import Affiliation, Organisation, Person
from gongjian.targets.evidence import check_upload

from .models import Holding, Post, PostKind, ServiceEntry

MAX_HOURS_A_DAY = Decimal("24")


# -- the catalogue -------------------------------------------------------------------------------


@transaction.atomic
def kind_create(
    *, actor, district, name: str, duties: str, categories: list[str], source: str = "", **fields
) -> PostKind:
    return create_logged(
        PostKind,
        actor=actor,
        source=source,
        district=district,
        name=name,
        duties=duties,
        categories=list(categories),
        **fields,
    )


@transaction.atomic
def kind_update(*, actor, kind: PostKind, expected_version: int | None = None, **fields) -> PostKind:
    return update_logged(kind, actor=actor, expected_version=expected_version, **fields)


# -- posts ---------------------------------------------------------------------------------------


def _check_tasks(community, year: int, tasks) -> None:
    for task in tasks:
        if task.plan.community_id != community.pk or task.plan.year != year:
            raise ApplicationError(
                _("“%(task)s” is not a task of %(community)s in %(year)s.")
                % {"task": task, "community": community, "year": year}
            )


@transaction.atomic
def post_create(
    *,
    actor,
    community,
    year: int,
    kind: PostKind,
    capacity: int = 1,
    note: str = "",
    tasks: Iterable = (),
    source: str = "",
) -> Post:
    tasks = list(tasks)
    _check_tasks(community, year, tasks)
    if Post.objects.filter(community=community, year=year, kind=kind).exists():
        raise ApplicationError(
            _("%(community)s already has a %(kind)s in %(year)s.")
            % {"community": community, "kind": kind, "year": year}
        )
    return create_logged(
        Post,
        actor=actor,
        source=source,
        community=community,
        year=year,
        kind=kind,
        capacity=capacity,
        note=note,
        m2m={"tasks": tasks} if tasks else None,
    )


@transaction.atomic
def post_update(*, actor, post: Post, expected_version: int | None = None, tasks=None, **fields) -> Post:
    if tasks is not None:
        tasks = list(tasks)
        _check_tasks(post.community, post.year, tasks)
    capacity = fields.get("capacity")
    if capacity is not None and capacity < post.holdings.filter(status=Holding.Status.ACTIVE).count():
        raise ApplicationError(
            _("More people hold this post than %(n)s places; end a holding first.") % {"n": capacity}
        )
    return update_logged(
        post,
        actor=actor,
        expected_version=expected_version,
        m2m={"tasks": tasks} if tasks is not None else None,
        **fields,
    )


# -- who may hold a post -------------------------------------------------------------------------


def eligible_people(post: Post):
    """People who may hold the post: of its community, or affiliated with an organisation
    standing in or serving it (在职党员 report where they live or where their unit is); of a
    category the kind is open to."""
    orgs = Organisation.objects.filter(Q(community_id=post.community_id) | Q(served_communities__id=post.community_id))
    return Person.objects.filter(category__in=post.kind.categories).filter(
        Q(community_id=post.community_id)
        | Q(pk__in=Affiliation.objects.filter(organisation__in=orgs).values("person_id"))
    )


def check_eligible(post: Post, person: Person) -> None:
    if person.category not in post.kind.categories:
        raise ApplicationError(
            _("%(kind)s is open to %(categories)s; %(person)s is recorded as “%(category)s”.")
            % {
                "kind": post.kind,
                "categories": "、".join(post.kind.category_labels()),
                "person": person.name,
                "category": person.get_category_display(),
            }
        )
    if not eligible_people(post).filter(pk=person.pk).exists():
        raise ApplicationError(
            _(
                "%(person)s is not of %(community)s nor of an organisation standing in or serving it; this post is another community's."
            )
            % {"person": person.name, "community": post.community}
        )


def _lock_post(post: Post) -> Post:
    return Post.objects.select_for_update(of=("self",)).select_related("kind", "community").get(pk=post.pk)


def _check_place(post: Post, person: Person | None, *, counting=Holding.OPEN) -> None:
    taken = post.holdings.filter(status__in=counting).count()
    if taken >= post.capacity:
        raise ApplicationError(
            _("%(kind)s of %(community)s is full (%(n)s places).")
            % {"kind": post.kind, "community": post.community, "n": post.capacity}
        )
    if person is not None and post.holdings.filter(person=person, status__in=Holding.OPEN).exists():
        raise ApplicationError(_("%(person)s already holds or has claimed this post.") % {"person": person.name})


def _term(post: Post, start: datetime.date | None, end: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    if start is None:
        start = today if post.term_start <= today <= post.term_end else post.term_start
    return start, end or post.term_end


def _claim(
    *,
    actor,
    post: Post,
    person: Person | None,
    commitment: str,
    status: str,
    via: str,
    start=None,
    end=None,
    applicant_name: str = "",
    applicant_mobile: str = "",
    previous=None,
    source: str = "",
) -> Holding:
    post = _lock_post(post)
    if person is not None:
        check_eligible(post, person)
    _check_place(post, person, counting=Holding.OPEN if status == Holding.Status.PENDING else (Holding.Status.ACTIVE,))
    if not (commitment or "").strip():
        raise ApplicationError(_("Write the commitment the holder makes to residents."))
    start, end = _term(post, start, end)
    extra = {}
    if status == Holding.Status.ACTIVE:
        extra = {"decided_by": actor if getattr(actor, "pk", None) else None, "decided_at": timezone.now()}
    return create_logged(
        Holding,
        actor=actor,
        source=source,
        post=post,
        person=person,
        commitment=commitment.strip(),
        status=status,
        via=via,
        start=start,
        end=end,
        applicant_name=applicant_name,
        applicant_mobile=applicant_mobile,
        previous=previous,
        **extra,
    )


@transaction.atomic
def holding_claim(*, actor, post: Post, person: Person, commitment: str) -> Holding:
    """A member claims a post for themselves: pending until the community approves."""
    return _claim(
        actor=actor,
        post=post,
        person=person,
        commitment=commitment,
        status=Holding.Status.PENDING,
        via=Holding.Via.MEMBER,
    )


@transaction.atomic
def holding_claim_public(*, post: Post, name: str, mobile: str, commitment: str) -> Holding:
    """我要认岗 from the public roster, without an account: pending until staff confirm it by phone."""
    from gongjian.registry.models import mobile_validator

    name, mobile = (name or "").strip(), (mobile or "").strip()
    if not name:
        raise ApplicationError(_("Write your name."))
    try:
        mobile_validator(mobile)
    except Exception:
        raise ApplicationError(_("Enter an 11-digit mainland mobile number.")) from None
    person = eligible_people(post).filter(mobile=mobile).first()
    if person is not None and person.name != name:
        person = None
    if person is None:
        existing = Holding.objects.filter(post=post, applicant_mobile=mobile, status__in=Holding.OPEN).exists()
        if existing:
            raise ApplicationError(_("A claim with this mobile is already waiting for this post."))
    return _claim(
        actor=None,
        post=post,
        person=person,
        commitment=commitment,
        status=Holding.Status.PENDING,
        via=Holding.Via.PUBLIC,
        applicant_name=name,
        applicant_mobile=mobile,
    )


@transaction.atomic
def holding_assign(
    *,
    actor,
    post: Post,
    person: Person,
    commitment: str,
    start=None,
    end=None,
    via: str = Holding.Via.STAFF,
    source: str = "",
) -> Holding:
    """Staff assign a holder directly (no approval needed)."""
    return _claim(
        actor=actor,
        post=post,
        person=person,
        commitment=commitment,
        status=Holding.Status.ACTIVE,
        via=via,
        start=start,
        end=end,
        source=source,
    )


def _notify(holding: Holding, *, subject: str, body: str) -> None:
    user_id = holding.person.user_id if holding.person_id else None
    if user_id is None:
        return
    notice_send(
        channel="inapp",
        recipient_user=holding.person.user,
        subject=subject,
        body=body,
        obj=holding,
        link=reverse("posts:holding_detail", args=[holding.pk]),
    )


def _person_for_public_claim(*, actor, holding: Holding) -> Person:
    """The person behind a public claim confirmed by phone: found by mobile among those who
    may hold the post, else recorded in the registry as an enthusiastic resident."""
    post = holding.post
    person = eligible_people(post).filter(mobile=holding.applicant_mobile).first()
    if person is None:
        if Person.objects.filter(community=post.community, mobile=holding.applicant_mobile).exists():
            raise ApplicationError(
                _("The person with this mobile is recorded in %(community)s in a category this post is not open to.")
                % {"community": post.community}
            )
        person = registry_services.person_create(
            actor=actor,
            community=post.community,
            name=holding.applicant_name,
            mobile=holding.applicant_mobile,
            category=Person.Category.ACTIVIST,
            source="posts",
        )
    check_eligible(post, person)
    if post.holdings.filter(person=person, status__in=Holding.OPEN).exclude(pk=holding.pk).exists():
        raise ApplicationError(_("%(person)s already holds or has claimed this post.") % {"person": person.name})
    return person


@transaction.atomic
def holding_decide(
    *,
    actor,
    holding: Holding,
    approve: bool,
    reason: str = "",
    phone_confirmed: bool = False,
    expected_version: int | None = None,
) -> Holding:
    """The community approves a pending claim (a public one once confirmed by phone) or
    declines it with a reason; the claimant is told in the app."""
    holding = (
        Holding.objects.select_for_update(of=("self",))
        .select_related("post", "post__kind", "post__community", "person")
        .get(pk=holding.pk)
    )
    if holding.status != Holding.Status.PENDING:
        raise ApplicationError(_("This claim was already decided."))
    fields = {"decided_by": actor, "decided_at": timezone.now()}
    if approve:
        if holding.via == Holding.Via.PUBLIC and not phone_confirmed:
            raise ApplicationError(_("Confirm a claim from the public roster by phone first, then tick that you did."))
        post = _lock_post(holding.post)
        if post.holdings.filter(status=Holding.Status.ACTIVE).count() >= post.capacity:
            raise ApplicationError(
                _("%(kind)s of %(community)s is full (%(n)s places).")
                % {"kind": post.kind, "community": post.community, "n": post.capacity}
            )
        if holding.person_id is None:
            fields["person"] = _person_for_public_claim(actor=actor, holding=holding)
        fields["status"] = Holding.Status.ACTIVE
    else:
        if not (reason or "").strip():
            raise ApplicationError(_("Give the reason the claim is declined."))
        fields.update(status=Holding.Status.DECLINED, reason=reason.strip())
    holding = update_logged(holding, actor=actor, expected_version=expected_version, **fields)
    if approve:
        _notify(
            holding,
            subject=_("Your claim is approved"),
            body=_("You now hold %(post)s. Thank you for your commitment.") % {"post": holding.post},
        )
    else:
        _notify(
            holding,
            subject=_("Your claim is declined"),
            body=_("Your claim to %(post)s is declined: %(reason)s") % {"post": holding.post, "reason": holding.reason},
        )
    return holding


def _lock_active(holding: Holding) -> Holding:
    holding = (
        Holding.objects.select_for_update(of=("self",))
        .select_related("post", "post__kind", "post__community", "person")
        .get(pk=holding.pk)
    )
    if holding.status != Holding.Status.ACTIVE:
        raise ApplicationError(_("Only a current holding can be ended, transferred or renewed."))
    return holding


@transaction.atomic
def holding_end(
    *, actor, holding: Holding, end: datetime.date | None = None, reason: str = "", expected_version: int | None = None
) -> Holding:
    holding = _lock_active(holding)
    end = end or min(timezone.localdate(), holding.end)
    if end < holding.start:
        raise ApplicationError(_("The holding cannot end before it began (%(start)s).") % {"start": holding.start})
    return update_logged(
        holding,
        actor=actor,
        expected_version=expected_version,
        status=Holding.Status.ENDED,
        end=end,
        reason=reason.strip(),
    )


@transaction.atomic
def holding_transfer(
    *, actor, holding: Holding, person: Person, commitment: str = "", on: datetime.date | None = None
) -> Holding:
    """Hand the post to another person in one step: this holding ends the day before ``on`` and
    the new holder takes it to the end of the term."""
    holding = _lock_active(holding)
    on = on or max(timezone.localdate(), holding.start + datetime.timedelta(days=1))
    if not holding.start < on <= holding.end:
        raise ApplicationError(
            _("The hand-over date must fall within the term (%(start)s – %(end)s).")
            % {"start": holding.start, "end": holding.end}
        )
    if person.pk == holding.person_id:
        raise ApplicationError(_("Choose someone else to hand the post to."))
    end = holding.end
    update_logged(
        holding,
        actor=actor,
        status=Holding.Status.ENDED,
        end=on - datetime.timedelta(days=1),
        reason=_("Handed over to %(person)s") % {"person": person.name},
    )
    return _claim(
        actor=actor,
        post=holding.post,
        person=person,
        commitment=commitment or holding.commitment,
        status=Holding.Status.ACTIVE,
        via=Holding.Via.TRANSFER,
        start=on,
        end=end,
        previous=holding,
    )


@transaction.atomic
def holding_renew(*, actor, holding: Holding, commitment: str = "") -> Holding:
    """Renew into next year in one step: next year's post of the same kind (set up with the
    same places when the community has not yet) and the holding on it, same commitment."""
    holding = _lock_active(holding)
    post = holding.post
    year = post.year + 1
    nxt = Post.objects.filter(community=post.community, year=year, kind=post.kind).first()
    if nxt is None:
        nxt = post_create(
            actor=actor, community=post.community, year=year, kind=post.kind, capacity=post.capacity, note=post.note
        )
    if holding.end == post.term_end:
        update_logged(
            holding, actor=actor, status=Holding.Status.ENDED, reason=_("Renewed into %(year)s") % {"year": year}
        )
    else:
        update_logged(holding, actor=actor, status=Holding.Status.ENDED)
    return _claim(
        actor=actor,
        post=nxt,
        person=holding.person,
        commitment=commitment or holding.commitment,
        status=Holding.Status.ACTIVE,
        via=Holding.Via.RENEWAL,
        start=nxt.term_start,
        end=nxt.term_end,
        previous=holding,
    )


# -- the service log -----------------------------------------------------------------------------


@contextmanager
def _file_removed_on_error(entry: ServiceEntry):
    try:
        yield
    except BaseException:
        if entry.evidence:
            entry.evidence.storage.delete(entry.evidence.name)
        raise


def check_entry(*, holding: Holding, date: datetime.date, hours: Decimal, exclude_pk: int | None = None) -> None:
    if holding.status != Holding.Status.ACTIVE:
        raise ApplicationError(_("Service can be logged only on a post you hold (approved and not ended)."))
    if date > timezone.localdate():
        raise ApplicationError(_("%(date)s is in the future: log service once it is done.") % {"date": date})
    if not holding.start <= date <= holding.end:
        raise ApplicationError(
            _("%(date)s is outside the holding's term (%(start)s – %(end)s).")
            % {"date": date, "start": holding.start, "end": holding.end}
        )
    hours = Decimal(hours)
    if hours <= 0:
        raise ApplicationError(_("Enter the hours served, more than 0."))
    others = ServiceEntry.objects.filter(holding__person_id=holding.person_id, date=date).exclude(
        status=ServiceEntry.Status.RETURNED
    )
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    logged = others.aggregate(total=Sum("hours"))["total"] or Decimal("0")
    if logged + hours > MAX_HOURS_A_DAY:
        raise ApplicationError(
            _(
                "A day has 24 hours: %(logged)s h are already logged on %(date)s, %(hours)s h more would make %(total)s h."
            )
            % {
                "logged": logged.normalize(),
                "date": date,
                "hours": hours.normalize(),
                "total": (logged + hours).normalize(),
            }
        )


@transaction.atomic
def entry_add(
    *, actor, holding: Holding, date: datetime.date, hours, done: str, upload=None, source: str = ""
) -> ServiceEntry:
    """One day's service on a post the person holds; the community confirms it later."""
    holding = Holding.objects.select_for_update(of=("self",)).select_related("post", "person").get(pk=holding.pk)
    check_entry(holding=holding, date=date, hours=hours)
    entry = ServiceEntry(holding=holding, date=date, hours=Decimal(hours), done=(done or "").strip())
    checked = check_upload(upload) if upload else None
    if checked is not None:
        entry.evidence_type, entry.evidence_name = checked.content_type, checked.original_name
        entry.evidence.save("evidence", ContentFile(checked.data), save=False)
    with _file_removed_on_error(entry):
        entry.full_clean()
        entry.save()
        log_change(actor=actor, action=ObjectChange.Action.CREATE, obj=entry, after=snapshot(entry), source=source)
    return entry


@transaction.atomic
def entry_review(
    *, actor, entry: ServiceEntry, confirm: bool, reason: str = "", expected_version: int | None = None
) -> ServiceEntry:
    """The community confirms an entry or returns it with a reason (the holder is told)."""
    entry = (
        ServiceEntry.objects.select_for_update(of=("self",))
        .select_related("holding", "holding__post", "holding__post__kind", "holding__person")
        .get(pk=entry.pk)
    )
    if entry.status != ServiceEntry.Status.SUBMITTED:
        raise ApplicationError(_("This entry was already reviewed."))
    if confirm:
        fields = {"status": ServiceEntry.Status.CONFIRMED, "reason": ""}
    else:
        if not (reason or "").strip():
            raise ApplicationError(_("Give the reason the entry is returned."))
        fields = {"status": ServiceEntry.Status.RETURNED, "reason": reason.strip()}
    entry = update_logged(entry, actor=actor, expected_version=expected_version, reviewed_by=actor, **fields)
    if not confirm:
        _notify(
            entry.holding,
            subject=_("A service entry was returned"),
            body=_("Your service on %(date)s (%(post)s) was returned: %(reason)s")
            % {"date": entry.date, "post": entry.holding.post, "reason": entry.reason},
        )
    return entry


# -- member self-service -------------------------------------------------------------------------


@transaction.atomic
def profile_update(
    *, actor, person: Person, specialties: str, availability: str, expected_version: int | None = None
) -> Person:
    """A member edits their own specialties and availability (what the assignment engine uses)."""
    return registry_services.person_update(
        actor=actor,
        person=person,
        expected_version=expected_version,
        specialties=specialties.strip(),
        availability=availability,
    )
