"""The briefing's figure set, counted from the database at call time and never stored.

Every figure the 2010 briefing quotes has a key here (in the order of ``STAT_KEYS``). The app
that owns the data answers it: it registers a provider from its ``AppConfig.ready()``::

    from gongjian.reports.stats import register_stat
    register_stat("tasks", tasks)   # tasks(*, year, district=None) -> int | Decimal | None

A provider is called with keyword arguments ``year`` and ``district`` (a District, or None for
every district) and returns a number. A key nobody answers yet is ``None`` (null in JSON).
The registry's own three keys are registered by the reports app.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from numbers import Number

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

#: Every key, in the order the figures are reported, with its label.
STAT_LABELS = {
    "communities": _("Communities"),
    "streets": _("Streets"),
    "resident_units": _("Resident units"),
    "participating_units": _("Resident units taking part"),
    "tasks": _("Tasks taken by units"),
    "unit_items": _("Items led or assisted by units"),
    "unit_funds_yuan": _("Funds contributed by units (yuan)"),
    "post_kinds": _("Post kinds"),
    "post_holders": _("Post holders"),
    "incident_post_communities": _("Communities with an emergency post"),
    "suggestion_source_categories": _("Categories of suggestion sources"),
    "suggestions": _("Suggestions collected"),
    "suggestions_adopted": _("Suggestions adopted"),
    "joint_meetings": _("Communities with a joint meeting"),
    "evaluation_categories": _("Evaluation categories"),
    "evaluation_items": _("Evaluation items"),
    "innovation_award_communities": _("Communities in the Innovation Award"),
    "training_classes": _("Training classes"),
    "summer_camps": _("Summer camps"),
    "residents_trained": _("Residents trained"),
    "compound_management_modes": _("Compound management modes"),
}
STAT_KEYS: tuple[str, ...] = tuple(STAT_LABELS)

Provider = Callable[..., Number | None]
_providers: dict[str, Provider] = {}


def register_stat(key: str, provider: Provider) -> Provider:
    """Answer ``key`` with ``provider(year=..., district=...)``. One provider per key: a second,
    different one is a configuration error (two apps claiming one figure)."""
    if key not in STAT_LABELS:
        raise ImproperlyConfigured(f"Unknown statistic {key!r}; the keys are: {', '.join(STAT_KEYS)}")
    existing = _providers.get(key)
    if existing is not None and existing is not provider:
        raise ImproperlyConfigured(
            f"Statistic {key!r} already has a provider: {existing.__module__}.{existing.__qualname__}"
        )
    _providers[key] = provider
    return provider


def register_stats(figures: dict[str, Provider]) -> None:
    """Register several keys at once: an app's ``FIGURES`` mapping, from its ``ready()``."""
    for key, provider in figures.items():
        register_stat(key, provider)


def unregister_stat(key: str) -> None:
    """Forget ``key``'s provider (for tests)."""
    _providers.pop(key, None)


def registered_stats() -> dict[str, Provider]:
    """The providers by key, in report order."""
    return {key: _providers[key] for key in STAT_KEYS if key in _providers}


def _number(key: str, value):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Number):
        raise TypeError(f"The provider of {key!r} returned {value!r}, not a number")
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def compute_stats(*, year: int, district=None) -> dict:
    """The figures for ``year``, in ``STAT_KEYS`` order; ``district`` (a District or its name)
    restricts them to one district (a name or a URL name: 梅列区 or meilie). Keys without a
    provider are None."""
    if isinstance(district, str):
        from django.db.models import Q

        from gongjian.registry.models import District

        district = District.objects.get(Q(name=district) | Q(slug=district))
    return {
        key: _number(key, _providers[key](year=year, district=district)) if key in _providers else None
        for key in STAT_KEYS
    }


# -- the registry's figures ----------------------------------------------------------------------
# Places and units are the current registry, whatever the year.


def communities(*, year: int, district=None) -> int:
    from gongjian.registry.models import Community

    qs = Community.objects.all()
    return (qs.filter(street__district=district) if district is not None else qs).count()


def streets(*, year: int, district=None) -> int:
    from gongjian.registry.models import Street

    qs = Street.objects.all()
    return (qs.filter(district=district) if district is not None else qs).count()


def resident_units(*, year: int, district=None) -> int:
    from gongjian.registry.models import Organisation

    qs = Organisation.objects.filter(kind=Organisation.Kind.RESIDENT_UNIT)
    return (qs.filter(community__street__district=district) if district is not None else qs).count()


def register_registry_stats() -> None:
    register_stats({"communities": communities, "streets": streets, "resident_units": resident_units})
