"""DEBUG is off unless switched on; Chinese error pages show; stored files are never served by
URL, only by views that check permission."""

import importlib
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import Resolver404

ROOT = Path(__file__).resolve().parents[3]


def _debug_of_embedded(**extra) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_DEBUG", "DATABASE_URL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "gongjian.settings.embedded", "PYTHONPATH": str(ROOT), **extra})
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_the_embedded_default_runs_without_debug_unless_switched_on():
    assert _debug_of_embedded() == "False"
    assert _debug_of_embedded(DJANGO_DEBUG="1") == "True"


@pytest.mark.django_db
def test_a_mistyped_address_shows_the_chinese_404_page(client):
    resp = client.get("/c/no-such-community/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = resp.content.decode()
    assert resp.status_code == 404 and 'data-testid="error-404"' in body and "URLconf" not in body


def test_no_url_serves_media_even_with_debug_on():
    """The URLconf, executed afresh with DEBUG on (a separate module object: nothing global is
    reloaded), has no route to stored files."""
    from django.urls.resolvers import RegexPattern, URLResolver

    spec = importlib.util.find_spec("gongjian.urls")
    with override_settings(DEBUG=True):
        urls = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(urls)
    resolver = URLResolver(RegexPattern(r"^/"), urls)
    with pytest.raises(Resolver404):
        resolver.resolve("/media/suggestions/0123456789abcdef.png")
    assert resolver.resolve("/healthz").url_name == "healthz"  # the fresh URLconf does resolve
