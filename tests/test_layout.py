"""The package's shape: no import cycles, and no imports hidden inside functions except
the heavy libraries, which load on first use."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"
# Heavy libraries load inside functions, on first use: torch, transformers and ctranslate2
# cost seconds and gigabytes; huggingface_hub's API 23 MB and 0.2 s on every run.
LATE = {"torch", "transformers", "ctranslate2", "huggingface_hub", "ray"}


def _modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return found


MODULES = _modules()


def _imported(node: ast.Import | ast.ImportFrom) -> list[str]:
    """The package modules an import statement loads (a `from X import y` may name a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    return [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]


def _graph() -> dict[str, set[str]]:
    return {
        name: {m for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom)) for m in _imported(node)}
        & set(MODULES)
        for name, tree in MODULES.items()
    }


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a list of modules, or [] when there is none."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return []


@pytest.mark.parametrize(
    "graph, expected",
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"a"}}, ["a", "a"]),
    ],
)
def test_cycle_finder(graph, expected):
    assert _cycle(graph) == expected


def test_no_import_cycles():
    assert _cycle(_graph()) == []


def test_imports_inside_functions_are_only_heavy_libraries():
    late = []
    for name, tree in MODULES.items():
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    late += [f"{name}: {m}" for m in _imported(node) if m.split(".")[0] not in LATE]
    assert late == []


@pytest.mark.parametrize("folder", ["stages", "engines", "formats", "output", "text", "testing"])
def test_every_folder_says_what_it_holds(folder):
    assert ast.get_docstring(MODULES[f"pipeline.{folder}"])
