"""Imports point one way (docs/architecture.md, "Layers"): no module of the app imports,
even late inside a function, a module that imports it back, and the lower layers import
nothing above them. Read from the source (ast), so nothing is imported to check it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = "partnerships"

# Lowest first: a module may import its own layer and those before it, never a later one.
# Modules not named here (views, api, admin, importers, ...) sit above them all.
LAYERS = [
    (  # plain values and rules, no model
        "partnerships.date_precision",
        "partnerships.timespans",
        "partnerships.names",
        "partnerships.links",
        "partnerships.validation",
        "partnerships.cache",
        "partnerships.folding",
        "partnerships.places",
    ),
    ("partnerships.querysets",),  # reaches models through self.model._meta only
    ("partnerships.models",),  # the models and the rules they need
    ("partnerships.services",),  # writes that touch several models
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def app_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in (ROOT / APP).rglob("*.py")
        if "migrations" not in path.parts
    }


def imported(module: str, path: Path, known) -> set[str]:
    """The app's modules that importing `module` runs: every import in the file, at the top
    or inside a function, and the packages above each target that `module` is not in."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            target = ".".join([*base, node.module] if node.module else base)
            if not node.level:
                target = node.module or ""
            names = [target, *(f"{target}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            parts = name.split(".")
            while parts and ".".join(parts) not in known:
                parts.pop()
            for end in range(2, len(parts) + 1):
                target = ".".join(parts[:end])
                if not f"{module}.".startswith(f"{target}."):  # not a package it is in
                    found.add(target)
    found.discard(module)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = app_modules()
    return {module: imported(module, path, modules) for module, path in modules.items()}


def find_cycle(graph) -> list[str] | None:
    """One import cycle as a path (first module repeated at the end), or None."""
    done, trail = set(), []

    def visit(module):
        if module in trail:
            return [*trail[trail.index(module) :], module]
        if module in done:
            return None
        trail.append(module)
        for target in sorted(graph.get(module, ())):
            cycle = visit(target)
            if cycle:
                return cycle
        trail.pop()
        done.add(module)
        return None

    for module in sorted(graph):
        cycle = visit(module)
        if cycle:
            return cycle
    return None


def layer_of(module: str) -> int | None:
    for index, layer in enumerate(LAYERS):
        if any(module == name or module.startswith(f"{name}.") for name in layer):
            return index
    return None


def test_the_app_has_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, " -> ".join(cycle)


def test_lower_layers_import_nothing_above_them():
    wrong = []
    for module, targets in import_graph().items():
        layer = layer_of(module)
        if layer is None:
            continue
        for target in sorted(targets):
            if layer_of(target) is None or layer_of(target) > layer:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"a.py": "from . import b", "b.py": "def f():\n    from .a import x"}, True),
        ({"a.py": "from . import b", "b.py": "import os"}, False),
    ],
)
def test_the_check_sees_a_cycle_made_by_a_late_import(tmp_path, monkeypatch, files, expected):
    package = tmp_path / APP
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name, text in files.items():
        (package / name).write_text(text)
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert (find_cycle(import_graph()) is not None) is expected


# Names a package may share with another because they mean the same thing there: one
# module per resource (models/, views/, admin/, reference_data/...), a package's base
# classes, URLconf and views, the COW step and its importer, the search page and search,
# the exports and the API views serving them.
SHARED_ON_PURPOSE = {
    "__init__", "base", "urls", "cow", "search", "articles", "engagements", "exercises",
    "nations", "organizations", "partnerships", "sources", "successions", "views", "exports",
}  # fmt: skip


def test_a_module_name_means_one_thing_across_the_apps_packages():
    """`conditional`, `analysis`, `links`, `pointintime` once each named two or three
    different things; now a module's name says which."""
    places = {}
    for module in app_modules():
        places.setdefault(module.rpartition(".")[2], []).append(module)
    reused = {
        name: sorted(modules)
        for name, modules in places.items()
        if len(modules) > 1 and name not in SHARED_ON_PURPOSE
    }
    assert reused == {}
