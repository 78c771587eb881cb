"""Browser tests: real Chromium (Debian's package, launched by path) driven by Playwright,
against a real `gongjian runserver` on a fresh database with the demo district loaded, as a
new user meets it after `make run`. On PostgreSQL (DATABASE_URL set) the server gets its own
database, created and dropped here."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("GONGJIAN_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
DEMO_PASSWORD = "e2e-demo-pass"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 860}

# Playwright's sync API runs an event loop in this thread; our own code here only talks to
# the server over HTTP and to the database in fixtures, never concurrently with it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_database(tmp: Path) -> tuple[str, callable]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'e2e.sqlite3'}", lambda: None
    import psycopg

    base, _, _name = url.rpartition("/")
    name = f"gongjian_e2e_{os.getpid()}"
    admin = psycopg.connect(f"{base}/postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return f"{base}/{name}", drop


@pytest.fixture(scope="session")
def server():
    """Base URL of a running server with the demo district."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    tmp = Path(tempfile.mkdtemp(prefix="gongjian-e2e-"))
    db_url, drop = _server_database(tmp)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongjian.settings.embedded",
        "GONGJIAN_VAR_DIR": str(tmp),
        "DATABASE_URL": db_url,
        "DJANGO_DEBUG": "0",
        "GONGJIAN_DEMO_PASSWORD": DEMO_PASSWORD,
        "GONGJIAN_IMPORT_BACKGROUND_ROWS": "200",
        "GONGJIAN_FORM_MIN_SECONDS": "0",  # the public forms' fill time: browsers need not wait
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    cli = [sys.executable, "-m", "gongjian.cli"]
    subprocess.run([*cli, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*cli, "demo"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    port = _free_port()
    log = open(tmp / "server.log", "w")  # noqa: SIM115
    proc = subprocess.Popen([*cli, "runserver", "--noreload", f"127.0.0.1:{port}"], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError((tmp / "server.log").read_text()) from None
            time.sleep(0.2)
    yield {"url": base, "env": env, "tmp": tmp}
    proc.terminate()
    proc.wait(10)
    log.close()
    drop()
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        )
        yield b
        b.close()


@pytest.fixture(params=["desktop", "phone"])
def viewport(request):
    return request.param


@contextlib.contextmanager
def _page(browser, server, viewport):
    context = browser.new_context(
        viewport=PHONE if viewport == "phone" else DESKTOP,
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
        locale="zh-CN",
        base_url=server["url"],
        user_agent=(
            "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Mobile Safari/537.36 "
            "MicroMessenger/8.0.47 NetType/WIFI Language/zh_CN" if viewport == "phone" else None
        ),
    )
    context.set_default_timeout(15000)
    p = context.new_page()
    errors = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    # ERR_ABORTED is a download or a navigation that replaced a pending request, not a failure.
    p.on("requestfailed", lambda req: req.failure == "net::ERR_ABORTED" or errors.append(f"request failed: {req.url} {req.failure}"))
    p.on("request", lambda req: req.url.startswith(server["url"]) or req.url.startswith("data:") or errors.append(f"outside host: {req.url}"))
    yield p
    context.close()
    assert errors == [], errors


@pytest.fixture
def page(browser, server, viewport):
    """A page at desktop and at phone width (WeChat's user agent), in Chinese."""
    with _page(browser, server, viewport) as p:
        yield p


@pytest.fixture
def desktop_page(browser, server):
    with _page(browser, server, "desktop") as p:
        yield p


def login(page, username: str, password: str = DEMO_PASSWORD):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form").get_by_role("button").click()
    page.wait_for_load_state("networkidle")


def open_menu(page, viewport: str):
    """On a phone the navigation sits behind the toggler."""
    if viewport == "phone" and page.locator(".navbar-toggler").is_visible():
        page.click(".navbar-toggler")
        page.wait_for_selector("#gj-nav.show")
