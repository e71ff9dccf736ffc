"""Changes go through the operations, and only the terminal's subscribers write to the outbox (kiosk.roles
connects them): a view that changed a dossier with a lower-level service, or enqueued a message itself, would
leave the centre (or the texts, or the feed) out, depending on where it is called from."""
import ast
import re
from pathlib import Path

import kiosk

ROOT = Path(kiosk.__file__).parent
ALLOWED = {"roles.py", "sync/subscribers.py", "sync/outbox.py"}


def outbox_references(source: str, package: str) -> list[str]:
    """Imports of kiosk.sync.outbox (absolute or relative, from a module of `package`) and uses of its
    enqueue_* functions, by line."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the module's package
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}".rstrip(".")
            names = {f"{base}.{alias.name}" for alias in node.names} | {base}
            if "kiosk.sync.outbox" in names:
                found.append(f"line {node.lineno}: import")
        elif isinstance(node, ast.Import) and any(a.name == "kiosk.sync.outbox" for a in node.names):
            found.append(f"line {node.lineno}: import")
        elif isinstance(node, ast.Attribute | ast.Name):
            name = node.attr if isinstance(node, ast.Attribute) else node.id
            if name.startswith("enqueue_"):
                found.append(f"line {node.lineno}: {name}")
    return found


def test_only_the_subscribers_reference_the_outbox():
    offenders = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        package = ".".join(("kiosk", *path.relative_to(ROOT).parent.parts))
        if relative not in ALLOWED and (found := outbox_references(path.read_text(encoding="utf-8"), package)):
            offenders[relative] = found
    assert offenders == {}


def test_the_check_sees_every_way_of_reaching_the_outbox():
    """The check itself: each of these spellings is caught (a check that finds nothing proves nothing)."""
    for source in ("from kiosk.sync import outbox\n", "from kiosk.sync.outbox import enqueue_event\n",
                   "import kiosk.sync.outbox\n", "from ..sync import outbox\n", "x.enqueue_dossier(d)\n"):
        assert outbox_references(source, "kiosk.staff"), source
    assert outbox_references("from . import outbox\n", "kiosk.sync")
    assert not outbox_references("from . import outbox\n", "kiosk.staff")  # kiosk.staff.outbox: not it
    assert not outbox_references("from kiosk.sync import status\n", "kiosk.staff")


# The lower-level functions that change a dossier, each wrapped by an operation (kiosk.dossiers.operations).
LOWER_LEVEL = re.compile(r"\b(payments\.confirm|payments\.void|handover\.hand_over|ratings\.rate|documents\.attach"
                         r"|services\.print_receipt|services\.submit|[a-z_]+\.transition)\(")
# operations.py wraps them; the handover module's own transition; the centre's intake stores what a terminal
# did (its operation ran there); the demo data is filed quietly, without texts or messages.
MAY_CALL_LOWER_LEVEL = {"dossiers/operations.py", "dossiers/handover.py", "central/services.py", "demo.py"}


def test_dossiers_change_only_through_operations():
    offenders = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in MAY_CALL_LOWER_LEVEL:
            continue
        found = [f"line {n}: {m.group(0)}" for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 for m in LOWER_LEVEL.finditer(line)]
        if found:
            offenders[relative] = found
    assert offenders == {}
    assert LOWER_LEVEL.search("        payments.confirm(dossier, method, _actor())")  # the pattern does match
    assert LOWER_LEVEL.search("    dossiers.transition(dossier, wanted, actor)")
