"""Translation catalogues, one per app (``gongjian/<app>/locale``) plus the project's own
(``gongjian/locale``: base templates, settings, the CLI), so that apps built in parallel never
edit the same ``django.po``.

Django merges every catalogue into one table at run time, so the same message must read the
same everywhere; ``check()`` says where it does not. ``refresh()`` is what ``make messages``
runs: it extracts every string of the source with ``makemessages``, keeps each existing
translation (from whichever catalogue had it) and writes each app's share into its catalogue.
Needs GNU gettext (``msgcat``, ``msggrep``, ``msgmerge``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # gongjian/
LOCALE = "zh_Hans"
PO_PATH = Path("locale") / LOCALE / "LC_MESSAGES" / "django.po"


def app_dirs(root: Path = PACKAGE) -> list[str]:
    """The package's apps: every folder with an ``apps.py``."""
    return sorted(p.parent.name for p in root.glob("*/apps.py"))


def project_locations(root: Path = PACKAGE) -> list[str]:
    """Source locations that belong to no app: top-level modules and non-app folders."""
    apps = set(app_dirs(root))
    patterns = []
    for path in sorted(root.iterdir()):
        if path.name.startswith((".", "_")) and path.name != "__init__.py":
            continue
        if path.is_dir() and path.name not in apps and path.name not in {"locale", "static"}:
            patterns.append(f"{path.name}/*")
        elif path.is_file() and path.suffix in {".py", ".html", ".txt"}:
            patterns.append(path.name)
    return patterns


def catalogue(root: Path, app: str | None) -> Path:
    return (root / app if app else root) / PO_PATH


def catalogues(root: Path = PACKAGE) -> dict[str | None, Path]:
    """Every catalogue that exists: ``None`` is the project's own."""
    found = {None: catalogue(root, None)}
    for app in app_dirs(root):
        po = catalogue(root, app)
        if po.exists():
            found[app] = po
    return found


def _run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), check=True, capture_output=True, text=True, **kwargs)


def extract(root: Path, out: Path, extra: tuple = ()) -> Path:
    """Every string of the source under ``root`` (a copy of the package is made, so the tree
    is left as it is), with the translations the catalogues already hold."""
    from django.core.management import call_command

    work = Path(tempfile.mkdtemp(prefix="gongjian-messages-"))
    copy = work / "gongjian"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "locale"))
    (copy / "locale").mkdir()
    import os

    cwd = os.getcwd()
    try:
        os.chdir(copy)
        call_command("makemessages", locale=[LOCALE], no_obsolete=True, verbosity=0)
    finally:
        os.chdir(cwd)
    fresh = catalogue(copy, None)
    known = [str(p) for p in catalogues(root).values() if p.exists()] + [str(p) for p in extra]
    compendium = work / "compendium.po"
    if known:
        _run("msgcat", "--use-first", "-o", str(compendium), *known)
        _run("msgmerge", "--quiet", "--no-fuzzy-matching", "--no-wrap", f"--compendium={compendium}", "-o", str(out), "/dev/null", str(fresh))
    else:
        shutil.copy(fresh, out)
    shutil.rmtree(work, ignore_errors=True)
    return out


def share(full: Path, patterns: list[str], out: Path) -> bool:
    """The entries of ``full`` with a source location matching one of ``patterns``."""
    if not patterns:
        return False
    args = ["msggrep", "--no-wrap", "-o", str(out)]
    for pattern in patterns:
        # msggrep's ``*`` stops at a slash: one pattern per depth.
        for depth in range(6 if pattern.endswith("/*") else 1):
            args += ["-N", pattern[:-1] + "*/" * depth + "*" if depth else pattern]
    _run(*args, str(full))
    return out.exists() and "msgid" in out.read_text(encoding="utf-8").split("\n\n", 1)[-1]


def refresh(root: Path = PACKAGE, extra: tuple = ()) -> dict[str | None, Path]:
    """Re-extract and re-split every catalogue (``make messages``)."""
    work = Path(tempfile.mkdtemp(prefix="gongjian-split-"))
    full = extract(root, work / "full.po", extra)
    written = {}
    targets = {None: project_locations(root), **{app: [f"{app}/*"] for app in app_dirs(root)}}
    for app, patterns in targets.items():
        part = work / f"{app or 'project'}.po"
        po = catalogue(root, app)
        if share(full, patterns, part):
            po.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(part, po)
            written[app] = po
        elif po.exists() and app is not None:
            po.unlink()
    shutil.rmtree(work, ignore_errors=True)
    return written


# --- checks (used by the i18n test) -------------------------------------------------------

_ENTRY = re.compile(r'^(msgctxt|msgid|msgstr) "(.*)"$')


def entries(po: Path) -> dict[tuple[str, str], str]:
    """(context, msgid) → msgstr for every entry of a catalogue (plural forms: the first)."""
    result, current, key = {}, {}, None
    fuzzy = False
    for line in po.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        m = _ENTRY.match(line)
        if line.startswith("msgstr[0] "):
            m = re.match(r'^(msgstr)\[0\] "(.*)"$', line)
        if m:
            key = m.group(1)
            current[key] = current.get(key, "") + m.group(2)
        elif line.startswith('"') and key:
            current[key] = current.get(key, "") + line[1:-1]
        elif line.startswith("msgid_plural") or line.startswith("msgstr["):
            key = None
        elif not line.strip():
            if "msgid" in current and current["msgid"]:
                result[(current.get("msgctxt", ""), current["msgid"])] = "" if fuzzy else current.get("msgstr", "")
            current, key, fuzzy = {}, None, False
    return result
