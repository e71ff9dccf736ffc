"""What each role is, in one table: the blueprints it serves, the background jobs it runs and the signal
subscribers it connects. The app factory (kiosk.app) and the server (kiosk.serving) read it; nothing else
asks which role it runs as to decide what a change to a dossier sets off.

| role       | blueprints                                        | background jobs               | subscribers            |
|------------|---------------------------------------------------|-------------------------------|------------------------|
| standalone | health, lookup, resident, staff, restart point,   | schedule                      | tallies, texts, feed   |
|            | reports, api, office, terminals (+ the intake)    |                               |                        |
| terminal   | health, lookup, resident, staff, restart point,   | schedule, sync, restore watch | tallies, outbox, texts |
|            | reports                                           |                               |                        |
| central    | health, lookup, staff, reports, api, office,      | schedule                      | tallies, feed          |
|            | terminals                                         |                               |                        |

- schedule: purge personal data on time and deliver text messages (kiosk.retention.start_schedule);
  sync: send the outbox, apply the centre's feed (kiosk.sync.worker); restore watch: the centre's state
  after a restore of either side (kiosk.maintenance.restore).
- tallies: every event and rating counted in the figures' daily tallies (kiosk.reports.tallies), on every
  role; it hears `recorded`, which the flush writing them sends (kiosk.dossiers.recording), so the centre's
  intake of a terminal's messages is counted as an operation is;
- outbox: every operation made at the ward becomes a message for the centre (kiosk.sync.subscribers);
  texts: filing and officers' decisions text the resident (kiosk.notify.subscribers); feed: an officer's
  decision reaches the terminal that filed the dossier, a working-day override every terminal
  (kiosk.central.subscribers).
"""
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask
from werkzeug.utils import import_string

# The table names blueprints, extensions and subscribers as "module:attribute", imported when a role using
# them is set up: a terminal never loads the centre's API, back office, intake or message models
# (tests/integration/test_role_imports.py), memory its small machine keeps.


@dataclass(frozen=True)
class Mount:
    blueprint: str  # "module:attribute" of the Blueprint
    url_prefix: str | None = None
    extensions: dict[str, str] = field(default_factory=dict)  # app.extensions it needs: a class, made per app


def schedule(app: Flask) -> None:
    from .retention import start_schedule

    start_schedule(app)


def sync(app: Flask) -> None:
    from .sync import worker

    worker.start(app, app.config["SYNC_INTERVAL_S"])


def restore_watch(app: Flask) -> None:
    from .maintenance import restore

    restore.start(app)  # a restored terminal files again, a restored centre is refilled


@dataclass(frozen=True)
class Role:
    mounts: tuple[Mount, ...]
    jobs: tuple[Callable[[Flask], None], ...]
    subscribers: tuple[str, ...]  # "module:attribute" of a tuple of (signal, receiver) pairs


HEALTH = Mount("kiosk.health.urls:bp")  # /healthz and /readyz
RESIDENT = Mount("kiosk.resident.urls:bp")
LOOKUP = Mount("kiosk.resident.urls:lookup_bp")  # the public look-up: a terminal's screen, the centre's page for phones
STAFF = Mount("kiosk.staff.urls:bp", "/staff")  # sign-in for guides and officers alike
RESTART_POINT = Mount("kiosk.maintenance.urls:bp")  # /staff/restart-point: a restored terminal files again
REPORTS = Mount("kiosk.reports.urls:bp", "/reports")
# Messages arriving at once are written together by the intake.
API = Mount("kiosk.central.urls:api_bp", "/api/v1", {"intake": "kiosk.central.intake:Intake"})
OFFICE = Mount("kiosk.central.urls:office_bp", "/office")
TERMINALS = Mount("kiosk.central.urls:terminals_bp")  # /office/terminals and /metrics

TALLIES = "kiosk.reports.tallies:TALLIES"
OUTBOX = "kiosk.sync.subscribers:OUTBOX"
TEXTS = "kiosk.notify.subscribers:TEXTS"
FEED = "kiosk.central.subscribers:FEED"

ROLES: dict[str, Role] = {
    "standalone": Role((HEALTH, LOOKUP, RESIDENT, STAFF, RESTART_POINT, REPORTS, API, OFFICE, TERMINALS),
                       (schedule,), (TALLIES, TEXTS, FEED)),
    "terminal": Role((HEALTH, LOOKUP, RESIDENT, STAFF, RESTART_POINT, REPORTS), (schedule, sync, restore_watch),
                     (TALLIES, OUTBOX, TEXTS)),
    "central": Role((HEALTH, LOOKUP, STAFF, REPORTS, API, OFFICE, TERMINALS), (schedule,), (TALLIES, FEED)),
}


def set_up(app: Flask) -> None:
    """Serve the role's blueprints and connect its subscribers, for this app only (operations send with the
    app as sender: a terminal and a centre in one test process each hear their own)."""
    role = ROLES[app.config["ROLE"]]
    for mount in role.mounts:
        app.register_blueprint(import_string(mount.blueprint), url_prefix=mount.url_prefix)
        for name, make in mount.extensions.items():
            app.extensions[name] = import_string(make)()
    for subscribers in role.subscribers:
        for signal, receiver in import_string(subscribers):
            signal.connect(receiver, sender=app, weak=False)


def start_jobs(app: Flask) -> None:
    for job in ROLES[app.config["ROLE"]].jobs:
        job(app)
