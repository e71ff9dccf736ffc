"""`/healthz` (the process answers) and `/readyz` (its database answers and is at the newest migration),
on every role, for systemd, a load balancer or a monitoring probe: no authentication, no personal data.

The newest migration is read from the migration files with `ast`, not with Alembic: Alembic's script
loader brings in Mako, ~8 MB in every serving process, a tenth of a terminal's memory budget.
`tests/integration/test_health.py` checks that both agree.
"""
import ast
from functools import cache
from pathlib import Path

from sqlalchemy import text

from kiosk.paths import shipped

UPGRADE_COMMAND = "kiosk upgrade"


@cache
def migration_graph(versions: Path | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """(every revision, the heads): the heads are the revisions no other migration builds on, what a
    database at the newest migration holds."""
    revisions, parents = set(), set()
    for path in (versions or shipped("migrations") / "versions").glob("*.py"):
        found = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
            name = getattr(target, "id", None)  # `revision = "…"` or `revision: str = "…"`
            if name in ("revision", "down_revision") and node.value is not None:
                found[name] = ast.literal_eval(node.value)
        if "revision" not in found:
            continue
        revisions.add(found["revision"])
        down = found.get("down_revision")
        parents.update(down if isinstance(down, tuple | list) else [down] if down else [])
    return frozenset(revisions), frozenset(revisions - parents)


def schema_state(engine) -> tuple[str, str]:
    """('ready' | 'unreachable' | 'behind' | 'unknown', a sentence for a technician)."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any driver's failure to connect means the same here
        return "unreachable", f"the database cannot be reached ({type(exc).__name__})"
    try:
        with engine.connect() as connection:
            current = {row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))}
    except Exception:  # noqa: BLE001 - no alembic_version table: never migrated
        current = set()
    known, heads = migration_graph()
    if current == heads:
        return "ready", "the database is at the newest migration"
    if current - known:
        return "unknown", (f"the database is at migration {', '.join(sorted(current))}, which this version of "
                           f"the kiosk does not know (was a newer version installed before?)")
    where = ", ".join(sorted(current)) or "none (an empty database)"
    return "behind", (f"the database is at migration {where}, not the newest ({', '.join(sorted(heads))}): "
                      f"run `{UPGRADE_COMMAND}`")
