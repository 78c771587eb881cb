"""Security and reliability of the set-up: SQLite writers, login and API throttling, the
client address behind a proxy, the production profile's deploy check, response headers,
templates without inline script."""

import os
import re
import secrets
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db.utils import ConnectionHandler, OperationalError
from django.test import RequestFactory
from django.urls import reverse

from gongjian.core.guard import client_ip

ROOT = Path(__file__).resolve().parents[3]

# --------------------------------------------------------------------------------------------
# SQLite: concurrent writers wait instead of failing
# --------------------------------------------------------------------------------------------


def _concurrent_writes(path: Path, options: dict, writers: int = 6) -> tuple[list[str], int]:
    """``writers`` threads each read, then write, in one transaction on the same file database;
    a barrier makes every one of them read before any writes (the race that loses data)."""
    handler = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": options}})
    setup = handler["default"]
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS suggestion (id INTEGER PRIMARY KEY, body TEXT)")
    setup.close()
    barrier = threading.Barrier(writers)
    errors: list[str] = []

    def write(n: int) -> None:
        local = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": options}})
        conn = local["default"]
        try:
            with conn.cursor():
                pass
            # What transaction.atomic() does on entry (it only knows the global handler).
            conn.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
            with conn.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM suggestion")
                cursor.fetchone()
                try:
                    barrier.wait(timeout=1)
                except threading.BrokenBarrierError:
                    pass
                cursor.execute("INSERT INTO suggestion (body) VALUES (%s)", [f"意见 {n}"])
            conn.commit()
        except OperationalError as exc:
            errors.append(str(exc))
        finally:
            conn.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    check = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}})["default"]
    with check.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM suggestion")
        count = cursor.fetchone()[0]
    check.close()
    return errors, count


def test_sqlite_writers_wait_for_each_other_instead_of_failing(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        errors, count = _concurrent_writes(tmp_path / "immediate.sqlite3", dict(settings.GONGJIAN_SQLITE_OPTIONS))
    assert errors == []
    assert count == 6


def test_without_immediate_transactions_the_same_writers_fail(tmp_path, django_db_blocker):
    """The race the setting prevents is real: deferred transactions lose writes."""
    options = {k: v for k, v in settings.GONGJIAN_SQLITE_OPTIONS.items() if k != "transaction_mode"}
    with django_db_blocker.unblock():
        errors, count = _concurrent_writes(tmp_path / "deferred.sqlite3", options)
    assert errors and all("locked" in e for e in errors)
    assert count < 6


# --------------------------------------------------------------------------------------------
# Login throttling and lockout
# --------------------------------------------------------------------------------------------


def _try_login(client, username, password, address="203.0.113.7"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_wrong_passwords_lock_the_username_from_that_address_with_a_chinese_page(world, client, password):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try_login(client, "district", "wrong-password")
    response = _try_login(client, "district", password)
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_lock_the_real_user_out_from_elsewhere(world, client, password):
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        _try_login(client, "district", "wrong-password", address="198.51.100.9")
    response = _try_login(client, "district", password, address="203.0.113.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.users["district"].pk)


def test_a_spoofed_forwarded_for_does_not_escape_the_lockout(world, client, password):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "district", "password": "x"}, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = client.post(reverse("accounts:login"), {"username": "district", "password": password}, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429


def test_api_basic_auth_is_locked_out_after_wrong_passwords(world, client, password):
    import base64

    def basic(pw):
        token = base64.b64encode(f"district:{pw}".encode()).decode()
        return client.get("/api/v1/communities/", HTTP_AUTHORIZATION=f"Basic {token}", REMOTE_ADDR="203.0.113.7")

    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert basic("wrong").status_code in (401, 403)
    assert basic(password).status_code in (401, 403, 429)


def test_the_api_throttles_a_client_that_sends_too_many_requests(world, login, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "user": "3/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    client = login(world.users["district"])
    codes = [client.get("/api/v1/communities/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


# --------------------------------------------------------------------------------------------
# The client's address behind a proxy
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.7", "10.1.1.1", "203.0.113.7"),  # no trusted proxy: the header is ignored
        (["10.0.0.0/8"], "203.0.113.7", "1.2.3.4", "203.0.113.7"),  # not from the proxy: ignored
        (["10.0.0.1"], "10.0.0.1", "198.51.100.2", "198.51.100.2"),
        (["10.0.0.0/8"], "10.0.0.1", "6.6.6.6, 198.51.100.2, 10.0.0.2", "198.51.100.2"),  # right-most untrusted
        (["10.0.0.1"], "10.0.0.1", "", "10.0.0.1"),
    ],
)
def test_client_ip_believes_forwarded_for_only_from_a_trusted_proxy(settings, proxies, remote, forwarded, expected):
    settings.GONGJIAN_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


# --------------------------------------------------------------------------------------------
# Production behind an HTTPS proxy: `gongjian check --deploy` with the documented settings
# --------------------------------------------------------------------------------------------

DOCUMENTED_ENV = {
    "DJANGO_SETTINGS_MODULE": "gongjian.settings.production",
    "DATABASE_URL": "postgres://gongjian@127.0.0.1:5432/gongjian",
    "DJANGO_ALLOWED_HOSTS": "gongjian.example.org",
    "GONGJIAN_HTTPS": "1",
    "GONGJIAN_BEHIND_PROXY": "1",
    "GONGJIAN_TRUSTED_PROXIES": "127.0.0.1",
    "GONGJIAN_CSRF_TRUSTED_ORIGINS": "https://gongjian.example.org",
}


def _deploy_check(extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GONGJIAN_", "DATABASE_URL"))}
    env.update({"PYTHONPATH": str(ROOT), "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), **extra})
    return subprocess.run(
        [sys.executable, "-m", "gongjian.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def test_the_deploy_check_is_clean_with_the_documented_production_settings():
    out = _deploy_check(DOCUMENTED_ENV)
    assert out.returncode == 0, out.stderr
    readme = (ROOT / "README.md").read_text()
    for name in DOCUMENTED_ENV:
        assert name in readme, f"{name} is not documented in the README"


def test_the_deploy_check_complains_without_https():
    out = _deploy_check({k: v for k, v in DOCUMENTED_ENV.items() if k != "GONGJIAN_HTTPS"})
    assert out.returncode != 0
    assert "SECURE_SSL_REDIRECT" in out.stderr or "SESSION_COOKIE_SECURE" in out.stderr


def test_production_behind_a_proxy_trusts_its_https_header_and_origins():
    code = "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS, s.GONGJIAN_TRUSTED_PROXIES)"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GONGJIAN_", "DATABASE_URL"))}
    env.update({"PYTHONPATH": str(ROOT), "DJANGO_SECRET_KEY": "x" * 50, **DOCUMENTED_ENV})
    out = subprocess.run([sys.executable, "-m", "gongjian.cli", "shell", "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "('HTTP_X_FORWARDED_PROTO', 'https') ['https://gongjian.example.org'] ['127.0.0.1']"


# --------------------------------------------------------------------------------------------
# Response headers and session
# --------------------------------------------------------------------------------------------


def test_every_page_has_a_content_security_policy_without_inline_script(world, client):
    response = client.get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    script = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script and "'self'" in script


def test_pages_for_signed_in_users_are_not_stored(world, login):
    client = login(world.users["community"])
    person = world.people["张江滨"]
    for url in (reverse("home"), reverse("registry:person_detail", args=[person.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], url


def test_a_session_ends_after_the_idle_timeout_and_each_request_extends_it(world, login, settings):
    import datetime

    settings.GONGJIAN_SESSION_TOUCH_SECONDS = 0  # every request extends it (a minute apart in real use)

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = login(world.users["community"])
    client.get(reverse("home"))
    session = Session.objects.get(session_key=client.session.session_key)
    left = session.expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    client.get(reverse("home"))
    assert Session.objects.get(pk=session.pk).expire_date - timezone.now() > datetime.timedelta(minutes=29)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("registry:person_detail", args=[world.people["张江滨"].pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>\s*\S", re.IGNORECASE)
_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def test_no_template_has_inline_script_or_event_handler_attributes():
    found = []
    for path in (ROOT / "gongjian").rglob("templates/**/*.html"):
        text = path.read_text()
        if _INLINE_SCRIPT.search(text) or _HANDLER.search(text):
            found.append(str(path.relative_to(ROOT)))
    assert found == []


def test_the_inline_script_check_finds_what_it_looks_for():
    assert _INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not _INLINE_SCRIPT.search('<script src="/static/x.js"></script>')
    assert _HANDLER.search('<button onclick="go()">')
    assert not _HANDLER.search('<button class="btn" data-on="x">')


def test_the_api_docs_page_loads_its_script_from_a_url(world, login):
    client = login(world.users["district"])
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    assert not _INLINE_SCRIPT.search(response.content.decode())


def test_the_idle_timeout_writes_the_session_at_most_once_a_minute(world, login):
    from django.contrib.sessions.models import Session

    client = login(world.users["community"])
    client.get(reverse("home"))
    key = client.session.session_key
    before = Session.objects.get(session_key=key).expire_date
    for _ in range(3):
        client.get(reverse("home"))
    assert Session.objects.get(session_key=key).expire_date == before  # no write within the minute
