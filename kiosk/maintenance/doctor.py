"""`kiosk doctor`: a terminal's or centre's set-up, checked one thing at a time, each problem said in plain
words with what to do about it."""
import os
import shutil
import stat
import subprocess
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path

import requests

MIN_FREE_BYTES = 1024**3  # scans and backups need room; SQLite fails writes on a full disk
CLOCK_TOLERANCE_S = 60  # signatures allow 5 minutes; warn well before
BACKUP_TOO_OLD_S = 2 * 86400  # the timer runs nightly: two nights missed


@dataclass
class Finding:
    check: str
    ok: bool
    detail: str = ""
    fix: str = ""

    def lines(self) -> list[str]:
        if self.ok:
            return [f"ok       {self.check}" + (f": {self.detail}" if self.detail else "")]
        return [f"PROBLEM  {self.check}: {self.detail}", f"         fix: {self.fix}"]


def database_revision(app) -> tuple[str | None, tuple[str, ...]]:
    """The database's migration and the newest this version knows."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from kiosk.database import migrations
    from kiosk.extensions import db

    migrations(app)
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        with db.engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    return current, tuple(script.get_heads())


def _human(seconds: float) -> str:
    seconds = abs(round(seconds))
    return f"{seconds // 60} minutes" if seconds >= 120 else f"{seconds} seconds"


def check_database(app) -> Finding:
    try:
        current, heads = database_revision(app)
    except Exception as exc:  # any driver's error: the point is to say it plainly
        return Finding("database", False, f"cannot open the database ({type(exc).__name__}: {str(exc)[:200]})",
                       "check KIOSK_DATABASE_URL (or the instance folder) and that the database server runs")
    if current is None:
        return Finding("database", False, "the database is empty", "run: kiosk init")
    if current not in heads:
        return Finding("database", False, f"the database is at migration {current}, this version needs "
                       f"{', '.join(heads)}", "run: kiosk upgrade (it takes a backup first)")
    return Finding("database", True, f"at the newest migration ({current})")


def check_centre(app) -> list[Finding]:
    """Reachable (an unsigned page), the key accepted (a signed call), and the clocks (the Date header)."""
    from .restore import STATE_PATH

    base = app.config["CENTRAL_URL"].rstrip("/")
    try:
        answer = requests.get(f"{base}/api/v1/openapi.json", timeout=(5, 10))
    except requests.RequestException as exc:
        return [Finding("centre reachable", False, f"no answer from {base} ({type(exc).__name__})",
                        "check KIOSK_CENTRAL_URL, the network cable or Wi-Fi, and that the centre is running")]
    if answer.status_code != 200:
        return [Finding("centre reachable", False, f"{base} answers {answer.status_code}, not the kiosk centre",
                        "check KIOSK_CENTRAL_URL (it must be the centre's base address)")]
    found = [Finding("centre reachable", True, base)]
    if "Date" in answer.headers:
        skew = time.time() - parsedate_to_datetime(answer.headers["Date"]).timestamp()
        if abs(skew) > CLOCK_TOLERANCE_S:
            found.append(Finding("clock", False, f"this PC's clock is {_human(skew)} "
                                 f"{'fast' if skew > 0 else 'slow'} compared with the centre",
                                 "turn on network time: timedatectl set-ntp true"))
        else:
            found.append(Finding("clock", True, f"within {CLOCK_TOLERANCE_S} seconds of the centre"))
    from kiosk.sync.worker import client_from_config

    reply = client_from_config(app.config)._send("GET", STATE_PATH, query="?since=000101")
    if reply.status == 200:
        found.append(Finding("terminal key", True, "the centre accepts this terminal's key"))
    elif reply.status in (401, 403):
        found.append(Finding("terminal key", False, f"the centre refuses this terminal "
                             f"({reply.body.get('error', reply.status)})",
                             "check KIOSK_WARD_CODE and KIOSK_TERMINAL_NO, and set KIOSK_TERMINAL_KEY to the key "
                             "printed by `kiosk terminals add` at the centre (ask the centre for a new one)"))
    else:
        found.append(Finding("terminal key", False, f"the centre answered {reply.status} to a signed call",
                             "look at the centre's log for this time"))
    return found


def check_printer(app) -> Finding | None:
    queue = app.config.get("PRINTER")
    if not queue:
        return None
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return Finding("printer", False, "CUPS is not installed", "apt-get install cups, then add the printer")
    done = subprocess.run([lpstat, "-p", queue], capture_output=True, text=True, timeout=10)
    if done.returncode != 0:
        return Finding("printer", False, f"no printer queue named {queue}",
                       "add it in CUPS (lpadmin) or correct KIOSK_PRINTER; lpstat -p lists the queues")
    if "disabled" in done.stdout:
        return Finding("printer", False, f"the printer queue {queue} is stopped",
                       f"check paper and cable, then: cupsenable {queue}")
    return Finding("printer", True, queue)


def check_disk(app) -> Finding:
    usage = shutil.disk_usage(app.instance_path)
    if usage.free < MIN_FREE_BYTES:
        return Finding("disk space", False, f"only {usage.free // 1024**2} MB free in {app.instance_path}",
                       "delete old files or move backups elsewhere (KIOSK_BACKUP_PATH); keep at least 1 GB free")
    return Finding("disk space", True, f"{usage.free // 1024**3} GB free")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def check_permissions(app) -> list[Finding]:
    from .backup import sqlite_path

    found = []
    instance = Path(app.instance_path)
    if _mode(instance) & 0o077:
        found.append(Finding("permissions", False, f"the data folder {instance} can be read by other users "
                             f"(mode {_mode(instance):o})", f"chmod 700 {instance}"))
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        database = sqlite_path(app)
        if database.exists() and _mode(database) & 0o077:
            found.append(Finding("permissions", False, f"the database {database} can be read by other users "
                                 f"(mode {_mode(database):o})", f"chmod 600 {database}"))
    if not os.access(instance, os.W_OK):
        found.append(Finding("permissions", False, f"this user cannot write to {instance}",
                             f"chown -R kiosk: {instance} (run the service as the kiosk user)"))
    return found or [Finding("permissions", True, "the data folder and database are private")]


def check_backups(app) -> list[Finding]:
    from kiosk.core.clock import utcnow

    from .backup import backup_folder, list_backups

    found = []
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") and not shutil.which("pg_dump"):
        found.append(Finding("backups", False, "pg_dump is not installed, so backups cannot be made",
                             "apt-get install postgresql-client (the PostgreSQL server's version)"))
    archives = list_backups(backup_folder(app))
    if not archives:
        found.append(Finding("backups", False, f"no backup in {backup_folder(app)}",
                             "run: kiosk backup, and turn on the nightly one: systemctl enable --now kiosk-backup.timer"))
    else:
        age = utcnow().timestamp() - archives[-1].stat().st_mtime
        if age > BACKUP_TOO_OLD_S:
            found.append(Finding("backups", False, f"the newest backup is {round(age / 86400)} days old",
                                 "check the timer: systemctl status kiosk-backup.timer; journalctl -u kiosk-backup"))
    return found or [Finding("backups", True, f"newest {archives[-1].name}")]


def check_restored(app) -> Finding | None:
    from .restore import is_restored

    with app.app_context():
        if is_restored():
            return Finding("filing", False, "filing is paused: this terminal was restored from a backup and the "
                           "centre has not yet confirmed which codes it issued since",
                           "make the centre reachable (it is asked every 10 seconds), or a guide confirms a "
                           "restart point on the staff page (or: kiosk resume-filing --after N)")
    return None


def examine(make_app) -> list[Finding]:
    """Every check that applies; a configuration error stops the rest (nothing else can be known)."""
    from kiosk.config import UnsafeConfig

    try:
        app = make_app()
    except UnsafeConfig as exc:
        return [Finding("configuration", False, str(exc), "set it in /etc/kiosk/kiosk.env, then restart the service")]
    except Exception as exc:  # noqa: BLE001  any other broken setting
        return [Finding("configuration", False, f"{type(exc).__name__}: {str(exc)[:200]}",
                        "correct the KIOSK_* settings in /etc/kiosk/kiosk.env")]
    role = app.config["ROLE"]
    found = [Finding("configuration", True, f"role {role}")]
    found.append(check_database(app))
    if role != "central" and found[-1].ok:
        found += filter(None, [check_restored(app)])
    if role == "terminal":
        found += check_centre(app)
    printer = check_printer(app)
    if printer:
        found.append(printer)
    found.append(check_disk(app))
    found += check_backups(app)
    found += check_permissions(app)
    return found
