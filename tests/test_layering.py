"""Public faces: a package is used by the others only through its ``__all__``.

Every module under ``src/fairprint`` is parsed (not imported, so optional extras
are not needed). An import that crosses from one top-level package to another
must name the other package itself (``from fairprint.report import x``) and
take only names in that package's ``__all__``; reaching into a submodule
(``fairprint.report.summarise``) or a ``_private`` module is refused. The
import-linter contract in ``pyproject.toml`` checks the direction of the
imports; this test checks that they use the front door.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import fairprint

SRC = Path(fairprint.__file__).resolve().parent


def _top(path: Path) -> str:
    """The top-level unit (``report``, ``errors``...) a file belongs to; '' for the root."""
    parts = path.relative_to(SRC).with_suffix("").parts
    return "" if parts == ("__init__",) else parts[0]


def _face(unit: str) -> Path:
    package = SRC / unit / "__init__.py"
    return package if package.exists() else SRC / f"{unit}.py"


def _declared_all(path: Path) -> set[str] | None:
    """The literal ``__all__`` of a module, or None when it has none."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            value = node.value
            assert isinstance(value, ast.List | ast.Tuple), f"{path}: __all__ must be a literal"
            return {ast.literal_eval(e) for e in value.elts}
    return None


def _imports(tree: ast.AST) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) for every absolute fairprint import, at any depth."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] == "fairprint":
                found.append((node.lineno, node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "fairprint":
                    found.append((node.lineno, alias.name, []))
    return found


def violations() -> list[str]:
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        own = _top(path)
        where = path.relative_to(SRC.parent)
        for line, module, names in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            parts = module.split(".")
            if len(parts) == 1:
                continue  # `import fairprint` / `from fairprint import x`: the root face
            unit = parts[1]
            if unit == own:
                continue
            if len(parts) > 2:
                problems.append(f"{where}:{line}: imports {module} (use fairprint.{unit})")
                continue
            if not names:
                continue  # `import fairprint.report`: the package itself
            public = _declared_all(_face(unit))
            for name in names:
                if name.startswith("_") or (public is not None and name not in public):
                    problems.append(f"{where}:{line}: {name} is not in fairprint.{unit}.__all__")
    return problems


def test_every_package_declares_its_face() -> None:
    missing = [
        unit
        for unit in sorted({_top(p) for p in SRC.rglob("*.py")} - {""})
        if (SRC / unit).is_dir() and _declared_all(_face(unit)) is None
    ]
    assert missing == []


def test_cross_package_imports_use_the_public_face() -> None:
    assert violations() == []


def test_the_check_catches_a_submodule_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checker itself: a planted back-door import is reported."""
    fake = tmp_path / "fairprint"
    (fake / "web").mkdir(parents=True)
    (fake / "report").mkdir()
    (fake / "report" / "__init__.py").write_text('__all__ = ["build"]\n')
    (fake / "web" / "__init__.py").write_text(
        "from fairprint.report.summarise import Summary\n"
        "from fairprint.report import _secret, build, hidden\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "SRC", fake)
    found = violations()
    assert any("imports fairprint.report.summarise" in v for v in found)
    assert any("_secret is not in" in v for v in found)
    assert any("hidden is not in" in v for v in found)
    assert not any("build is not" in v for v in found)


if __name__ == "__main__":  # pragma: no cover - a listing for people fixing imports
    print("\n".join(violations()))
    pytest.main([__file__])
