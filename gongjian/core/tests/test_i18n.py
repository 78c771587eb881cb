"""Every visible string is translated: the catalogue is complete and matches the source."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

PO = Path(settings.BASE_DIR) / "gongjian" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _stats(po: Path) -> dict:
    out = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True, check=True)
    text = out.stderr + out.stdout
    found = {kind: int(n) for n, kind in re.findall(r"(\d+) (translated|untranslated|fuzzy)", text)}
    return {k: found.get(k, 0) for k in ("translated", "untranslated", "fuzzy")}


def _msgids(po: Path) -> set[str]:
    ids, current, in_id = set(), [], False
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current, in_id = [line[6:]], True
        elif line.startswith('"') and in_id:
            current.append(line)
        else:
            if in_id:
                ids.add("".join(s.strip().strip('"') for s in current))
            in_id = False
    ids.discard("")
    return ids


def test_catalogue_is_complete():
    stats = _stats(PO)
    assert stats["translated"] > 100
    assert stats["untranslated"] == 0, stats
    assert stats["fuzzy"] == 0, stats


def test_catalogue_covers_every_string_in_the_source(tmp_path, monkeypatch):
    if not shutil.which("xgettext"):
        pytest.fail("gettext (xgettext) is required: apt-get install gettext")
    copy = tmp_path / "gongjian"
    shutil.copytree(Path(settings.BASE_DIR) / "gongjian", copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["zh_Hans"], no_obsolete=True, verbosity=0)
    fresh = copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    missing = _msgids(fresh) - _msgids(PO)
    assert not missing, f"strings without a translation (run `make messages` and translate): {sorted(missing)[:20]}"
    assert _stats(fresh)["untranslated"] == 0


def test_pages_render_in_chinese_by_default_and_switch_to_english(client, db):
    from django.utils import translation

    # The test client's requests activate English in this thread: put Chinese back afterwards,
    # or the tests that run next (the Excel headers) would see English.
    with translation.override(settings.LANGUAGE_CODE):
        body = client.get("/accounts/login/").content.decode()
        assert "登录" in body and 'lang="zh-CN"' in body
        resp = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
        assert resp.status_code == 302
        body = client.get("/accounts/login/").content.decode()
        assert "Log in" in body and "登录" not in body.split("<footer")[0].split("</nav>")[1]
