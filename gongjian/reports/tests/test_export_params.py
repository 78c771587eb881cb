"""No query string reaches a server error: every export URL (sheets, documents) is fetched
with huge, negative, non-numeric and otherwise odd values for every parameter the exports
read, by users of every staff role."""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongjian.targets import services as target_services

PARAMS = ("month", "org", "street", "district", "community", "year", "q", "status", "category", "kind", "page", "plan", "campaign", "source")
HUGE = "99999999999999999999999999"
VALUES = (
    HUGE, "9223372036854775808", "2147483648", "-1", "0", "abc", "１２", "²", "2010-13", "99999-01", "-2010-06", "2010-06",
)


def _export_patterns(resolver=None, prefix=""):
    """(name, pattern) of every URL whose route ends in a downloaded file."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _export_patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and str(entry.pattern).endswith((".xlsx", ".docx", ".csv", ".pdf")):
            yield f"{prefix}{entry.name}", str(entry.pattern)


@pytest.fixture
def reported(world):
    plan = target_services.plan_create(actor=world.users["community"], community=world.communities["江滨社区"], year=2010)
    category = plan.community.street.district.work_categories.order_by("order").first()
    task = target_services.task_create(
        actor=world.users["community"], plan=plan, lead_organisation=world.orgs["江滨单位"], category=category, title="下水道改造",
        target_what="改造管道", target_quantity=800, target_unit="米", deadline=datetime.date(2010, 9, 30), leader_name="王", leader_title="所长",
    )
    target_services.report_submit(actor=world.users["liaison"], task=task, month=datetime.date(2010, 6, 1), percent=30, done_text="勘察", status="on_track")
    return plan


def _urls(world, plan):
    found = {}
    kwargs = {"pk": plan.pk, "kind": "communities", "slug": world.communities["江滨社区"].slug}
    for name, pattern in _export_patterns():
        args = {k: v for k, v in kwargs.items() if f"<{k}>" in pattern or f":{k}>" in pattern}
        if name.startswith("registry:io_") or "<str:kind>" in pattern:
            for kind in ("communities", "organisations", "people"):
                found[f"{name}/{kind}"] = reverse(name, kwargs={**args, "kind": kind})
        elif "<int:pk>" in pattern and "minutes" in pattern:
            continue  # minutes need a meeting; covered by the meetings tests
        else:
            found[name] = reverse(name, kwargs=args)
    return found


def test_every_export_url_is_known():
    names = {name for name, _pattern in _export_patterns()}
    assert {"targets:progress_export", "targets:plan_export", "registry:io_export"} <= names


@pytest.mark.parametrize("role", ["district", "liaison"])
def test_no_query_parameter_value_reaches_a_server_error(world, reported, login, role):
    """Each odd value in every parameter at once, then each parameter alone with a huge number
    (one parameter's bad value must not hide another's)."""
    client = login(world.users[role])
    urls = _urls(world, reported)
    assert urls
    queries = [dict.fromkeys(PARAMS, value) for value in VALUES] + [{param: HUGE} for param in PARAMS]
    failures = []
    for label, url in urls.items():
        for query in queries:
            response = client.get(url, query)
            if response.status_code >= 500:
                failures.append((label, query, response.status_code))
    assert failures == []


def test_the_progress_export_of_a_month_with_reports_is_a_sheet(world, reported, login):
    client = login(world.users["liaison"])
    response = client.get(reverse("targets:progress_export"), {"month": "2010-06"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
