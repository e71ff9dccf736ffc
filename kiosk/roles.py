"""What each role is, in one table: the blueprints it serves, the background jobs it runs and the signal
subscribers it connects. The app factory (kiosk.app) and the server (kiosk.serving) read it; nothing else
asks which role it runs as to decide what a change to a dossier sets off.

| role       | blueprints                                        | background jobs               | subscribers            |
|------------|---------------------------------------------------|-------------------------------|------------------------|
| standalone | health, lookup, resident, staff, reports, api,    | schedule                      | tallies, texts, feed   |
|            | office, terminals (+ the API's intake)            |                               |                        |
| terminal   | health, lookup, resident, staff, reports          | schedule, sync, restore watch | tallies, outbox, texts |
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
  decision reaches the terminal that filed the dossier (kiosk.central.subscribers).
"""
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint, Flask

from .central.intake import Intake
from .central.subscribers import FEED
from .central.urls import api_bp, office_bp
from .central.urls import terminals_bp as terminals_admin_bp
from .health.urls import bp as health_bp
from .notify.subscribers import TEXTS
from .reports.tallies import TALLIES
from .reports.urls import bp as reports_bp
from .resident.urls import bp as resident_bp
from .resident.urls import lookup_bp
from .staff.urls import bp as staff_bp
from .sync.subscribers import OUTBOX


@dataclass(frozen=True)
class Mount:
    blueprint: Blueprint
    url_prefix: str | None = None
    extensions: dict[str, Callable] = field(default_factory=dict)  # app.extensions it needs, made per app


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
    subscribers: tuple[tuple, ...]  # (signal, receiver) pairs


HEALTH = Mount(health_bp)  # /healthz and /readyz
RESIDENT = Mount(resident_bp)
LOOKUP = Mount(lookup_bp)  # the public look-up: a terminal's screen, the centre's page for phones
STAFF = Mount(staff_bp, "/staff")  # sign-in for guides and officers alike
REPORTS = Mount(reports_bp, "/reports")
API = Mount(api_bp, "/api/v1", {"intake": Intake})  # messages arriving at once are written together
OFFICE = Mount(office_bp, "/office")
TERMINALS = Mount(terminals_admin_bp)  # /office/terminals and /metrics

ROLES: dict[str, Role] = {
    "standalone": Role((HEALTH, LOOKUP, RESIDENT, STAFF, REPORTS, API, OFFICE, TERMINALS), (schedule,),
                       (*TALLIES, *TEXTS, *FEED)),
    "terminal": Role((HEALTH, LOOKUP, RESIDENT, STAFF, REPORTS), (schedule, sync, restore_watch),
                     (*TALLIES, *OUTBOX, *TEXTS)),
    "central": Role((HEALTH, LOOKUP, STAFF, REPORTS, API, OFFICE, TERMINALS), (schedule,), (*TALLIES, *FEED)),
}


def set_up(app: Flask) -> None:
    """Serve the role's blueprints and connect its subscribers, for this app only (operations send with the
    app as sender: a terminal and a centre in one test process each hear their own)."""
    role = ROLES[app.config["ROLE"]]
    for mount in role.mounts:
        app.register_blueprint(mount.blueprint, url_prefix=mount.url_prefix)
        for name, make in mount.extensions.items():
            app.extensions[name] = make()
    for signal, receiver in role.subscribers:
        signal.connect(receiver, sender=app, weak=False)


def start_jobs(app: Flask) -> None:
    for job in ROLES[app.config["ROLE"]].jobs:
        job(app)
