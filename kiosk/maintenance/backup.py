"""Backups that can be trusted, and bringing one back.

A backup is one archive (`kiosk-<role>-<UTC time>.tar.gz`, 0600 in a 0700 folder) holding the database
and the scans. A terminal's SQLite is copied with SQLite's online backup API (a consistent copy while the
server keeps writing; a plain file copy of a WAL database may miss what is still in the WAL), then checked
with `PRAGMA integrity_check`. The centre's PostgreSQL is copied with `pg_dump --format=custom` (also a
consistent snapshot) and checked by `pg_restore --list`. The last KIOSK_BACKUP_KEEP archives are kept.
"""
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

from kiosk.core.clock import utcnow

PREFIX = "kiosk-"
SUFFIX = ".tar.gz"


class BackupFailed(RuntimeError):
    """A backup or restore that could not be made or checked; the message says why in plain words."""


def backup_folder(app) -> Path:
    return Path(app.config.get("BACKUP_PATH") or Path(app.instance_path) / "backups")


def _private_folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def _is_sqlite(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def sqlite_path(app) -> Path:
    return Path(make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database)


def _libpq(app) -> tuple[str, dict]:
    """The database URL as pg_dump reads it, and its password in the environment (not on the command line)."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env=None) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=3600)
    except FileNotFoundError as exc:
        raise BackupFailed(f"{command[0]} is not installed (apt-get install postgresql-client)") from exc
    if done.returncode != 0:
        raise BackupFailed(f"{command[0]} failed: {done.stderr.strip()[:500]}")
    return done.stdout


def check_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        result = connection.execute("PRAGMA integrity_check").fetchall()
    connection.close()
    if result != [("ok",)]:
        raise BackupFailed(f"the copy of the database is damaged: {result[:3]}")


def _copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's backup API: a consistent copy page by page, while others read and write."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()


def make_backup(app, folder: Path | None = None, keep: int | None = None) -> Path:
    """Make, check and file one backup; delete the oldest beyond `keep`. Returns the archive's path."""
    folder = _private_folder(folder or backup_folder(app))
    keep = keep if keep is not None else app.config["BACKUP_KEEP"]
    now = utcnow()
    role = app.config["ROLE"]
    name = f"{PREFIX}{role}-{now:%Y%m%dT%H%M%S-%f}{SUFFIX}"  # names sort by time
    with tempfile.TemporaryDirectory(dir=folder) as work:
        work = Path(work)
        if _is_sqlite(app):
            database = work / "kiosk.db"
            _copy_sqlite(sqlite_path(app), database)
            check_sqlite(database)
        else:
            database = work / "centre.dump"
            url, env = _libpq(app)
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(database), url], env)
            _run(["pg_restore", "--list", str(database)])  # readable from end to end
        manifest = {"role": role, "taken_at": now.isoformat(timespec="seconds"), "database": database.name,
                    "ward_code": app.config.get("WARD_CODE"), "terminal_no": app.config.get("TERMINAL_NO")}
        (work / "manifest.json").write_text(json.dumps(manifest))
        partial = folder / f".{name}.partial"
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(work / "manifest.json", "manifest.json")
            archive.add(database, database.name)
            scans = _scan_folder(app)  # a database store's scans are in the dump
            if scans and scans.is_dir():
                archive.add(scans, "documents")
            raw.flush()
            os.fsync(raw.fileno())
        archive_path = folder / name
        partial.rename(archive_path)  # a half-written archive never looks like a backup
    for old in list_backups(folder)[:-keep] if keep > 0 else []:
        old.unlink()
    return archive_path


def _scan_folder(app) -> Path | None:
    """The folder store's scans, which a backup carries beside the database; None for a database store."""
    from kiosk.storage import store

    files = store("documents", app)
    return getattr(files, "folder", None)


def list_backups(folder: Path) -> list[Path]:
    """Oldest first (the names sort by time)."""
    return sorted(folder.glob(f"{PREFIX}*{SUFFIX}")) if folder.is_dir() else []


def _tables_in_dump(dump: Path) -> set[str]:
    """The public tables a custom-format dump holds (lines like '215; 1259 16386 TABLE public dossiers kiosk')."""
    tables = set()
    for line in _run(["pg_restore", "--list", str(dump)]).splitlines():
        parts = line.split()
        if not line.startswith(";") and len(parts) > 5 and parts[3] == "TABLE" and parts[4] == "public":
            tables.add(parts[5])
    return tables


def _drop_tables_not_in(app, kept: set[str]) -> None:
    """A backup older than the schema lacks the newer tables; `--clean` would leave them (and the upgrade
    that follows would then fail to create them): they go first."""
    import sqlalchemy as sa

    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with engine.begin() as connection:
            for table in set(sa.inspect(connection).get_table_names(schema="public")) - kept:
                connection.execute(sa.text(f'DROP TABLE IF EXISTS public."{table}" CASCADE'))
    finally:
        engine.dispose()


def restore_backup(app, archive_path: Path) -> dict:
    """Bring back a backup's database and scans in place of the current ones. Returns its manifest.
    The caller marks what a restore means for the role (see kiosk.maintenance.restore)."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupFailed(f"no backup at {archive_path}")
    instance = Path(app.instance_path)
    with tempfile.TemporaryDirectory(dir=instance) as work:
        work = Path(work)
        try:
            with tarfile.open(archive_path, "r:gz") as archive:
                archive.extractall(work, filter="data")
            manifest = json.loads((work / "manifest.json").read_text())
        except (tarfile.TarError, OSError, ValueError) as exc:
            raise BackupFailed(f"{archive_path.name} is not a readable kiosk backup: {exc}") from exc
        database = work / manifest["database"]
        if _is_sqlite(app) != (database.suffix == ".db"):
            raise BackupFailed(f"{archive_path.name} is a backup of a {manifest['role']} with another kind "
                               "of database than this installation's")
        if _is_sqlite(app):
            check_sqlite(database)
            target = sqlite_path(app)
            target.parent.mkdir(parents=True, exist_ok=True)
            _copy_sqlite(database, target)  # through SQLite, so its WAL and other connections stay right
            target.chmod(0o600)
        else:
            url, env = _libpq(app)
            _drop_tables_not_in(app, _tables_in_dump(database))
            _run(["pg_restore", "--clean", "--if-exists", "--single-transaction", "--no-owner", "--no-privileges",
                  "--dbname", url, str(database)], env)
        scans = _scan_folder(app)
        if scans and scans.exists():
            shutil.rmtree(scans)
        if scans and (work / "documents").is_dir():
            shutil.move(str(work / "documents"), scans)
    return manifest
