"""Imports run one way (core/README.md): a module may import from its own layer and the
layers below it, never from one above. Read from the source with ``ast`` (every import,
including those inside functions); tests and migrations are not checked (a test may drive
several apps at once)."""

from __future__ import annotations

import ast
from pathlib import Path

import gongjian

ROOT = Path(gongjian.__file__).parent

#: Bottom to top. A module belongs to the layer of its longest matching prefix.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("core", ("gongjian.core",)),
    ("registry models", ("gongjian.registry.models", "gongjian.registry.slugs")),
    ("access", ("gongjian.accounts",)),
    ("registry", ("gongjian.registry",)),
    ("figures registry", ("gongjian.reports.stats",)),
    ("targets", ("gongjian.targets",)),
    ("posts", ("gongjian.posts",)),
    ("suggestions", ("gongjian.suggestions",)),
    ("meetings", ("gongjian.meetings",)),
    ("commitments", ("gongjian.commitments",)),
    ("public and reports", ("gongjian.public", "gongjian.reports")),
    ("project", ("gongjian",)),
]


def layer_of(module: str) -> int | None:
    best = None
    for index, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > best[1]):
                best = (index, len(prefix))
    return None if best is None else best[0]


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(tree: ast.AST, module: str, is_package: bool):
    """(line, imported module) for every import in the tree, relative ones resolved."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module:
                yield node.lineno, target
            for alias in node.names:  # ``from gongjian.meetings import selectors``: a module
                if _is_module(f"{target}.{alias.name}"):
                    yield node.lineno, f"{target}.{alias.name}"


def forbidden_arrows(root: Path = ROOT) -> list[str]:
    arrows = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).parts
        if "tests" in rel or "migrations" in rel:
            continue
        module = module_name(path, root)
        source = layer_of(module)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, target in imported(tree, module, path.name == "__init__.py"):
            if not target.startswith("gongjian."):
                continue
            dest = layer_of(target)
            if dest is None or source is None or dest <= source:
                continue
            arrows.append(f"{module}:{line} ({LAYERS[source][0]}) imports {target} ({LAYERS[dest][0]})")
    return sorted(set(arrows))


def _is_module(dotted: str) -> bool:
    path = ROOT.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def test_imports_run_one_way():
    assert forbidden_arrows() == []


def test_a_forbidden_arrow_is_caught(tmp_path):
    """The check itself: an upward import (core importing the registry, suggestions importing
    meetings) is reported."""
    assert layer_of("gongjian.core.views") < layer_of("gongjian.registry.models") < layer_of("gongjian.accounts.access")
    assert layer_of("gongjian.accounts.access") < layer_of("gongjian.registry.selectors")
    assert layer_of("gongjian.suggestions.views") < layer_of("gongjian.meetings.selectors")
    tree = ast.parse("def f():\n    from gongjian.meetings import selectors\n    from . import services\n")
    found = list(imported(tree, "gongjian.suggestions.views", False))
    assert (2, "gongjian.meetings.selectors") in found and (3, "gongjian.suggestions.services") in found
    fake = tmp_path / "gongjian" / "core"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text("from gongjian.registry.models import Community\n")
    arrows = forbidden_arrows(tmp_path / "gongjian")
    assert arrows == ["gongjian.core.bad:1 (core) imports gongjian.registry.models (registry models)"]
