"""The public-form guard: the client's address behind a reverse proxy, the single-use signed
fill time and the per-address limit, through the guard and through the suggestion form."""

from __future__ import annotations

import time

import pytest
from django import forms
from django.core.cache import cache
from django.test import RequestFactory

from gongjian.core import guard

rf = RequestFactory()


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def _request(remote="203.0.113.7", forwarded=None, data=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.post("/c/jiangbin/suggest/", data or {}, **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.GONGJIAN_TRUSTED_PROXIES = []
    assert guard.client_ip(_request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"
    assert guard.client_ip(_request("")) == "unknown"


def test_a_forged_header_from_an_untrusted_peer_does_not_change_the_bucket(settings):
    settings.GONGJIAN_TRUSTED_PROXIES = ["10.0.0.0/8"]
    g = guard.FormGuard("suggest")
    plain = g.bucket(_request("203.0.113.7"))
    assert g.bucket(_request("203.0.113.7", "198.51.100.1")) == plain
    assert g.bucket(_request("203.0.113.7", "198.51.100.2, 10.0.0.5")) == plain


def test_through_a_trusted_proxy_each_resident_has_a_bucket(settings):
    settings.GONGJIAN_TRUSTED_PROXIES = ["10.0.0.5", "192.168.0.0/16"]
    g = guard.FormGuard("suggest")
    one = _request("10.0.0.5", "198.51.100.1")
    two = _request("10.0.0.5", "198.51.100.2")
    assert guard.client_ip(one) == "198.51.100.1" and guard.client_ip(two) == "198.51.100.2"
    assert g.bucket(one) != g.bucket(two)
    # The right-most untrusted address: what the resident prepends is not believed.
    assert guard.client_ip(_request("10.0.0.5", "6.6.6.6, 198.51.100.1, 192.168.1.1")) == "198.51.100.1"
    # Every hop trusted: the left-most.
    assert guard.client_ip(_request("10.0.0.5", "192.168.1.2, 192.168.1.1")) == "192.168.1.2"
    assert guard.client_ip(_request("10.0.0.5")) == "10.0.0.5"


def test_the_limit_counts_per_address(settings):
    settings.GONGJIAN_TRUSTED_PROXIES = ["10.0.0.5"]
    settings.GONGJIAN_SUGGEST_PER_WINDOW = 2
    g = guard.FormGuard("suggest")
    one = _request("10.0.0.5", "198.51.100.1")
    assert [g.over_limit(one) for _ in range(3)] == [False, False, True]
    assert g.over_limit(_request("10.0.0.5", "198.51.100.2")) is False
    # Another form has its own buckets.
    assert guard.FormGuard("feedback").over_limit(one) is False


def test_the_stamp_works_once_and_not_too_fast(settings):
    settings.GONGJIAN_FORM_MIN_SECONDS = 3
    stamp = guard.form_stamp(now=time.time() - 10)
    guard.check_stamp(stamp)
    with pytest.raises(forms.ValidationError) as replayed:
        guard.check_stamp(stamp)
    assert replayed.value.code == "replayed"
    with pytest.raises(forms.ValidationError) as fast:
        guard.check_stamp(guard.form_stamp())
    assert fast.value.code == "too_fast"
    for bad in ("", "forged", guard.form_stamp(now=time.time() - 2 * 24 * 3600)):
        with pytest.raises(forms.ValidationError) as expired:
            guard.check_stamp(bad)
        assert expired.value.code == "expired"
    settings.GONGJIAN_FORM_MIN_SECONDS = 0
    guard.check_stamp(guard.form_stamp())


def test_honeypot():
    assert guard.FormGuard.is_robot(_request(data={"website": "http://spam.example"}))
    assert not guard.FormGuard.is_robot(_request(data={"website": ""}))


@pytest.mark.django_db
def test_the_suggestion_form_refuses_a_replayed_stamp_and_limits_behind_the_proxy(world, client, settings):
    from gongjian.suggestions import services
    from gongjian.suggestions.models import Suggestion

    services.campaign_create(actor=None, community=world.communities["江滨社区"], year=2010)
    url = "/c/jiangbin/suggest/"
    stamp = guard.form_stamp()
    assert client.post(url, {"body": "建议安装健身器材", "started": stamp}).status_code == 302
    resp = client.post(url, {"body": "建议安装健身器材", "started": stamp})
    assert resp.status_code == 400 and Suggestion.objects.count() == 1
    settings.GONGJIAN_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.GONGJIAN_SUGGEST_PER_WINDOW = 1
    cache.clear()
    send = lambda who, body: client.post(url, {"body": body, "started": guard.form_stamp()}, HTTP_X_FORWARDED_FOR=who).status_code  # noqa: E731
    assert send("198.51.100.1", "一号居民的建议内容") == 302
    assert send("198.51.100.1", "一号居民的第二条建议") == 429
    assert send("198.51.100.2", "二号居民的建议内容") == 302


@pytest.mark.django_db
def test_feedback_form_uses_the_same_guard(world, client, settings):
    """The board's feedback form refuses a replayed stamp too."""
    from gongjian.public.views import FeedbackForm

    stamp = guard.form_stamp()
    assert FeedbackForm({"body": "好", "started": stamp}).is_valid()
    form = FeedbackForm({"body": "好", "started": stamp})
    assert not form.is_valid() and "started" in form.errors
    assert list(FeedbackForm().fields)[-2:] == ["website", "started"]
