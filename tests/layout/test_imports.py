"""The application code's import graph reads top-down (README: How the code is laid out).

Inside plans/ each sub-package is a layer, and a module imports only from its own layer or
the layers under it: rules → history → models → access → report, exchange → workflow → admin,
public, opendata. There are no circles between modules anywhere in the application code, and no
import of the project's own code hidden inside a function (the usual way to dodge a circle),
except in an AppConfig's ``ready()``, where Django wants them. The graph is read from the
source with ``ast``, so nothing is imported to check it."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

BASE = Path(__file__).resolve().parents[2]
APPS = ("config", "personnel", "budget", "civic", "plans")

# The layers of plans/, lowest first. Modules of one rank may import each other (no circles).
PLANS_LAYERS = {
    "plans.rules": 0,
    "plans.history": 1,
    "plans.models": 2,
    "plans.access": 3,
    "plans.report": 4,
    "plans.exchange": 4,
    "plans.templatetags": 4,
    "plans.workflow": 5,
    "plans.admin": 6,
    "plans.public": 6,
    "plans.opendata": 6,
    "plans.synthetic": 7,
    "plans.management": 8,
    "plans.apps": 8,
}
# What the other apps' models may take from plans: field validators and the history recorder.
MODEL_LAYER_IMPORTS = ("plans.rules", "plans.history")


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int
    in_function: str | None  # the enclosing function's name, or None at module level


def module_name(path: Path) -> str:
    parts = path.relative_to(BASE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def application_modules() -> dict[str, Path]:
    modules = {}
    for app in APPS:
        for path in (BASE / app).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[module_name(path)] = path
    return modules


MODULES = application_modules()


def _owner(target: str) -> str | None:
    """The application module ``target`` names (a module, or a name inside one)."""
    while target:
        if target in MODULES:
            return target
        if "." not in target:
            return None
        target = target.rsplit(".", 1)[0]
    return None


def _targets(node: ast.Import | ast.ImportFrom, source: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        package = source.split(".")
        if MODULES[source].name != "__init__.py":
            package = package[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, *([node.module] if node.module else [])])
    else:
        base = node.module or ""
    return [f"{base}.{alias.name}" for alias in node.names]


def imports_of(source: str) -> list[Import]:
    tree = ast.parse(MODULES[source].read_text(encoding="utf-8"))
    found: list[Import] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                for target in _targets(child, source):
                    owner = _owner(target)
                    if owner is not None and owner != source:
                        found.append(Import(source, owner, child.lineno, function))
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name)
            else:
                visit(child, function)

    visit(tree, None)
    return found


ALL_IMPORTS = [imp for source in sorted(MODULES) for imp in imports_of(source)]


def _with_packages(target: str) -> list[str]:
    """Importing a.b.c runs a/__init__ and a/b/__init__ first: they are imported too."""
    parts = target.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts) + 1) if ".".join(parts[:n]) in MODULES]


def circles(imports: list[Import]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for imp in imports:
        for target in _with_packages(imp.target):
            if not imp.source.startswith(f"{target}."):  # a package's own modules
                graph[imp.source].add(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def layer(module: str) -> int | None:
    for prefix, rank in PLANS_LAYERS.items():
        if module == prefix or module.startswith(f"{prefix}."):
            return rank
    return None


def test_the_graph_is_read_from_every_package():
    assert {"plans.rules.figures", "plans.admin.registrations", "personnel.models"} <= set(MODULES)
    # Relative imports are resolved: plans/models/__init__.py says ``from .cards import …``.
    assert "plans.models.cards" in {
        imp.target for imp in ALL_IMPORTS if imp.source == "plans.models"
    }


def test_no_circles_between_modules():
    assert circles(ALL_IMPORTS) == []


def test_the_circle_check_finds_a_circle():
    """The check itself: an import added from rules back up to models is a circle."""
    added = Import("plans.rules.outline", "plans.models", 1, None)  # models use the outline
    assert any("plans.rules.outline" in circle for circle in circles([*ALL_IMPORTS, added]))


def test_no_project_import_inside_a_function():
    hidden = [
        f"{imp.source}:{imp.line} imports {imp.target} inside {imp.in_function}()"
        for imp in ALL_IMPORTS
        if imp.in_function is not None and imp.in_function != "ready"
    ]
    assert hidden == []


def upward(imports: list[Import]) -> list[str]:
    """Imports from a plans layer to a higher one."""
    return [
        f"{imp.source}:{imp.line} (layer {layer(imp.source)}) → {imp.target} "
        f"(layer {layer(imp.target)})"
        for imp in imports
        if layer(imp.source) is not None
        and layer(imp.target) is not None
        and layer(imp.target) > layer(imp.source)
    ]


def test_plans_layers_import_downwards():
    assert upward(ALL_IMPORTS) == []


def test_the_layer_check_finds_an_upward_import():
    added = Import("plans.report.context", "plans.workflow.checks", 1, None)
    assert upward([*ALL_IMPORTS, added]) == [
        "plans.report.context:1 (layer 4) → plans.workflow.checks (layer 5)"
    ]


def test_other_apps_models_take_only_rules_and_history_from_plans():
    wrong = [
        f"{imp.source}:{imp.line} → {imp.target}"
        for imp in ALL_IMPORTS
        if imp.source.split(".")[-1] == "models"
        and imp.source.split(".")[0] in ("personnel", "budget", "civic")
        and imp.target.startswith("plans.")
        and not imp.target.startswith(MODEL_LAYER_IMPORTS)
    ]
    assert wrong == []


def test_every_plans_package_says_what_belongs_in_it():
    for package in (BASE / "plans").iterdir():
        init = package / "__init__.py"
        if not init.exists() or package.name in ("migrations", "templatetags", "management"):
            continue
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and len(docstring) > 100, f"{package.name}/__init__.py"
