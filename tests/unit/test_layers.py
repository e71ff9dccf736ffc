"""The web layer stays thin: each blueprint package declares its URL rules in its `urls.py`; the controllers
(view modules) it registers never import a blueprint back, and no blueprint package reaches into another's
controllers. What several audiences share lives in domain packages. Read with `ast`, so nothing is imported."""
import ast
from pathlib import Path

import pytest

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"


def _module_name(path: Path) -> str:
    parts = path.relative_to(KIOSK.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in KIOSK.rglob("*.py")}


def _package(module: str) -> str:
    return module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module
    base = _package(module).split(".")
    base = base[:len(base) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def imported_modules(module: str) -> set[str]:
    """Every kiosk module `module` imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name in MODULES}


def _creates_blueprint(module: str) -> bool:
    return any(isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Blueprint"
               for node in ast.walk(ast.parse(MODULES[module].read_text())))


WIRING = ("kiosk.app", "kiosk.roles")  # the factory and the one table of what each role serves
URL_MODULES = sorted(name for name in MODULES if name.endswith(".urls"))


def controllers_of(urls: str) -> set[str]:
    """The modules whose functions `urls` registers as views (`view_func=module.function` or `view_func=name`
    imported from a module)."""
    tree = ast.parse(MODULES[urls].read_text())
    package = _package(urls)
    imported_from = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            base = _resolve(urls, node)
            for alias in node.names:
                name = f"{base}.{alias.name}"
                imported_from[alias.asname or alias.name] = name if name in MODULES else base
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "view_func":
            value = node.value
            if isinstance(value, ast.Call):  # a view wrapped where it is registered: same_for_strangers(views.x)
                value = value.args[0]
            name = value.value.id if isinstance(value, ast.Attribute) else value.id
            found.add(imported_from.get(name, package))
    return found


CONTROLLERS = {controller: urls for urls in URL_MODULES for controller in controllers_of(urls)}


def test_the_web_layer_is_found():
    """The rules below check something: every blueprint package is seen, with its controllers."""
    assert {"kiosk.resident.urls", "kiosk.staff.urls", "kiosk.central.urls", "kiosk.reports.urls",
            "kiosk.maintenance.urls", "kiosk.health.urls"} <= set(URL_MODULES)
    assert {"kiosk.resident.views", "kiosk.resident.draft_views", "kiosk.resident.rating_views",
            "kiosk.staff.views", "kiosk.staff.handover_views", "kiosk.central.api", "kiosk.central.office",
            "kiosk.central.restore_api", "kiosk.central.terminals_views", "kiosk.reports.views"} <= set(CONTROLLERS)


def test_blueprints_and_their_rules_live_in_urls_modules_only():
    makers = sorted(name for name in MODULES if _creates_blueprint(name))
    assert makers and all(name.endswith(".urls") for name in makers), makers


@pytest.mark.parametrize("controller", sorted(CONTROLLERS))
def test_a_controller_never_imports_a_blueprint(controller):
    assert not [name for name in imported_modules(controller) if name in URL_MODULES]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_reaches_into_another_blueprints_controllers(module):
    """Only the role table (kiosk/roles.py, read by the application factory) wires blueprints together; a
    blueprint package uses domain packages."""
    if module in WIRING:
        return
    own = _package(module)
    foreign = [name for name in imported_modules(module)
               if (name in CONTROLLERS or name in URL_MODULES) and _package(name) != own]
    assert not foreign, f"{module} imports another blueprint's {foreign}; move what they share to a domain package"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_the_residents_pages_are_a_web_package_only(module):
    """The visit, the filing summary and the hand-over rating are shared through kiosk.visits and kiosk.forms,
    not through the residents' blueprint package."""
    if module in WIRING or module.startswith("kiosk.resident"):
        return
    assert not [name for name in imported_modules(module) if name.startswith("kiosk.resident")]
