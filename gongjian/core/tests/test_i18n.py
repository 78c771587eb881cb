"""Every visible string is translated: each catalogue (one per app, plus the project's own) is
complete, covers its app's strings, and a message reads the same in every catalogue."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gongjian.core import catalogues


def _stats(po: Path) -> dict:
    out = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True, check=True)
    text = out.stderr + out.stdout
    found = {kind: int(n) for n, kind in re.findall(r"(\d+) (translated|untranslated|fuzzy)", text)}
    return {k: found.get(k, 0) for k in ("translated", "untranslated", "fuzzy")}


def test_every_catalogue_is_complete():
    found = catalogues.catalogues()
    assert len(found) > 5, "one catalogue per app"
    total = 0
    for app, po in found.items():
        stats = _stats(po)
        assert stats["untranslated"] == 0, (app, stats)
        assert stats["fuzzy"] == 0, (app, stats)
        total += stats["translated"]
    assert total > 1000


def test_catalogues_cover_every_string_in_the_source(tmp_path):
    if not shutil.which("xgettext") or not shutil.which("msggrep"):
        pytest.fail("GNU gettext is required: apt-get install gettext")
    full = catalogues.extract(catalogues.PACKAGE, tmp_path / "full.po")
    missing = {}
    shares = {None: catalogues.project_locations(), **{app: [f"{app}/*"] for app in catalogues.app_dirs()}}
    for app, patterns in shares.items():
        part = tmp_path / f"{app}.po"
        if not catalogues.share(full, patterns, part):
            continue
        po = catalogues.catalogue(catalogues.PACKAGE, app)
        have = catalogues.entries(po) if po.exists() else {}
        lacking = sorted(msgid for key in catalogues.entries(part) if not have.get(key) for msgid in [key[1]])
        if lacking:
            missing[app or "(project)"] = lacking[:10]
    assert not missing, f"strings without a translation in their app's catalogue (run `make messages` and translate): {missing}"


def test_a_message_reads_the_same_in_every_catalogue():
    seen: dict = {}
    clashes = []
    for app, po in catalogues.catalogues().items():
        for key, text in catalogues.entries(po).items():
            if key in seen and seen[key][1] != text:
                clashes.append((key, seen[key], (app, text)))
            seen.setdefault(key, (app, text))
    assert clashes == [], clashes[:10]


def test_pages_render_in_chinese_by_default_and_switch_to_english(client, db):
    # The language this leaves active is reset for the next test by gongjian/conftest.py.
    body = client.get("/accounts/login/").content.decode()
    assert "登录" in body and 'lang="zh-CN"' in body
    resp = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert resp.status_code == 302
    body = client.get("/accounts/login/").content.decode()
    assert "Log in" in body and "登录" not in body.split("<footer")[0].split("</nav>")[1]


def test_our_translations_come_before_djangos(db):
    """Our catalogues win over Django's own (its admin says 历史 for "History"; ours 变更历史)."""
    from django.utils import translation

    wrong = []
    with translation.override("zh-hans"):
        for app, po in catalogues.catalogues().items():
            for (context, msgid), text in catalogues.entries(po).items():
                got = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                if text and got != text and got != msgid:  # a plural entry reads as its msgid here
                    wrong.append((app, msgid, text, got))
    assert wrong == [], wrong[:10]
