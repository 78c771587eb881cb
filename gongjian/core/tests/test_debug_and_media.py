"""DEBUG is off unless switched on; Chinese error pages show; stored files are never served by
URL, only by views that check permission."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, resolve

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
    import gongjian.urls

    try:
        with override_settings(DEBUG=True):
            clear_url_caches()
            importlib.reload(gongjian.urls)
            with pytest.raises(Resolver404):
                resolve("/media/suggestions/0123456789abcdef.png")
    finally:
        clear_url_caches()
        importlib.reload(gongjian.urls)
