"""Extension points: a new app plugs in by registering here from its ``AppConfig.ready()``,
never by editing another app's templates, lists or URL files.

- :data:`board_sections`, :data:`me_sections`, :data:`dashboard_cards`: page sections (a key,
  an order, a template, a context function and a fixed query budget);
- :func:`register_nav`: the navigation, grouped by the mechanism's steps and filtered by
  permission;
- :func:`app_modules`: the modules apps contribute by name (``public_urls``, ``api``), which
  ``public/urls.py`` and ``gongjian/api_urls.py`` collect.

Core imports no feature app: the registries are filled by the apps, which import core.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# -- page sections -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One registered section of a page.

    ``context(request, **page_kwargs)`` returns the section's template variables (merged into
    the page's context, so prefix them with the app's name when they could clash) or ``None``
    to leave the section out for this request. ``queries`` is the fixed number of database
    queries the context and template may make whatever the data; the page's query count is
    the sum of its sections' budgets (pinned by tests). ``perm``: shown only to users with it.
    """

    key: str
    template: str
    order: int = 100
    context: Callable[..., dict | None] | None = None
    queries: int = 0
    perm: str | None = None


@dataclass
class SectionRegistry:
    """The sections of one page, in order (see :class:`Section`)."""

    name: str
    _sections: dict[str, Section] = field(default_factory=dict)

    def register(self, key: str, *, template: str, order: int = 100, context=None, queries: int = 0,
                 perm: str | None = None) -> Section:
        """Add (or, under the same key, replace) a section; returns it."""
        if queries < 0:
            raise ImproperlyConfigured(f"{self.name}: the query budget of {key!r} cannot be negative")
        section = Section(key=key, template=template, order=order, context=context, queries=queries, perm=perm)
        self._sections[key] = section
        return section

    def unregister(self, key: str) -> None:
        """Forget a section (for tests)."""
        self._sections.pop(key, None)

    def sections(self) -> list[Section]:
        return sorted(self._sections.values(), key=lambda s: (s.order, s.key))

    def budget(self) -> int:
        """The sum of the sections' query budgets."""
        return sum(s.queries for s in self._sections.values())

    def collect(self, request, **kwargs) -> tuple[dict, list[Section]]:
        """Call every section the user may see: (the merged context, the sections to render)."""
        merged: dict = {}
        shown: list[Section] = []
        user = getattr(request, "user", None)
        for section in self.sections():
            if section.perm and not (user is not None and user.has_perm(section.perm)):
                continue
            ctx = section.context(request, **kwargs) if section.context else {}
            if ctx is None:
                continue
            merged.update(ctx)
            shown.append(section)
        return merged, shown


#: The public board of a community (``/c/<slug>/``); context(request, *, community).
board_sections = SectionRegistry("board")
#: ``/accounts/me/``; context(request).
me_sections = SectionRegistry("me")
#: The home page after login (the dashboard); context(request).
dashboard_cards = SectionRegistry("dashboard")


# -- navigation ----------------------------------------------------------------------------------

#: The groups of the navigation: the mechanism's six steps, then the registry and administration.
NAV_GROUPS: dict[str, object] = {
    "solicit": _("Soliciting opinions"),
    "decide": _("Deliberation and decision"),
    "decompose": _("Task breakdown"),
    "commit": _("Public commitment"),
    "implement": _("Implementation"),
    "evaluate": _("Evaluation and rewards"),
    "registry": _("Registry"),
    "admin": _("Administration"),
}


@dataclass(frozen=True)
class NavEntry:
    key: str
    group: str
    label: object
    url_name: str
    perm: str | None = None
    order: int = 100
    test_id: str = ""

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""


_nav: dict[str, NavEntry] = {}


def register_nav(key: str, *, group: str, label, url_name: str, perm: str | None = None, order: int = 100) -> NavEntry:
    """Add a link to the navigation under one of :data:`NAV_GROUPS`, shown to users who have
    ``perm`` (every logged-in user when None)."""
    if group not in NAV_GROUPS:
        raise ImproperlyConfigured(f"Unknown navigation group {group!r}; the groups are: {', '.join(NAV_GROUPS)}")
    entry = NavEntry(key=key, group=group, label=label, url_name=url_name, perm=perm, order=order, test_id=f"nav-{key}")
    _nav[key] = entry
    return entry


def unregister_nav(key: str) -> None:
    _nav.pop(key, None)


def nav_for(user) -> list[dict]:
    """The groups this user sees, in the mechanism's order, each with its entries in order:
    ``[{"key": "registry", "label": ..., "entries": [NavEntry, ...]}, ...]``; empty groups are left out."""
    if user is None or not user.is_authenticated:
        return []
    groups = []
    for gkey, label in NAV_GROUPS.items():
        entries = sorted(
            (e for e in _nav.values() if e.group == gkey and (e.perm is None or user.has_perm(e.perm))),
            key=lambda e: (e.order, e.key),
        )
        if entries:
            groups.append({"key": gkey, "label": label, "entries": entries})
    return groups


# -- modules contributed by apps -----------------------------------------------------------------


def app_modules(name: str) -> list[ModuleType]:
    """Each installed app's ``<app>.<name>`` module, in INSTALLED_APPS order (apps without
    one are skipped; an error inside an existing module is raised)."""
    found = []
    for config in apps.get_app_configs():
        dotted = f"{config.name}.{name}"
        try:
            found.append(importlib.import_module(dotted))
        except ModuleNotFoundError as exc:
            if exc.name != dotted:
                raise
    return found
