"""Storage faults: a full disk or a database that has become read-only.

Such a fault is the machine's, not the user's: a filing it interrupts is rolled back whole (the dossier, its
outbox and text messages are one transaction), the resident is told the dossier was not submitted and to
ask the guide, and the guide's dashboard shows the fault from `problems()` until it is fixed. The answers
stay in the visit, which the failed transaction never touched, so nothing the resident typed is lost.
"""
import errno
import logging
import shutil
import sqlite3
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ..core import clock
from ..extensions import db
from ..security.files import sqlite_path

log = logging.getLogger(__name__)

MIN_FREE_BYTES = 50 * 1024 * 1024  # below this a day's dossiers and scans may not fit: warn before it is full
FAULT_SHOWN = timedelta(minutes=30)  # a fault seen while writing is shown this long after it was last seen
OS_FAULTS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EIO}
SQLITE_FAULTS = ("SQLITE_FULL", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_CANTOPEN")
# PostgreSQL: class 53 (disk full, out of memory), 58030 (I/O error), 25006 (read-only transaction)
PG_FAULTS = ("53", "58030", "25006")


def is_storage_fault(exc: BaseException) -> bool:
    """Whether an error means the storage cannot take a write (as opposed to a bug or a conflict)."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(original, sqlite3.Error):
        return (getattr(original, "sqlite_errorname", "") or "").startswith(SQLITE_FAULTS)
    sqlstate = getattr(original, "sqlstate", None)
    if isinstance(sqlstate, str):
        return sqlstate.startswith(PG_FAULTS)
    return isinstance(original, OSError) and original.errno in OS_FAULTS


def note_fault(exc: BaseException) -> None:
    """Remember a write the storage refused, for the dashboard (in this process: the database cannot
    take it), and log it for the technician."""
    log.error("storage fault while writing: %s", exc)
    current_app.extensions["storage_fault"] = (clock.utcnow(), str(getattr(exc, "orig", exc))[:200])


def _read_only() -> bool:
    """Ask the database itself whether it takes writes (nothing is written)."""
    try:
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as connection:
                return connection.execute(text("SHOW transaction_read_only")).scalar() == "on"
        # SQLite: rewrite the header's user_version with its own value in a savepoint of this request's own
        # transaction, rolled back: nothing reaches the disk, but a database that cannot be written says so.
        # Not on a second connection: it would wait for the write lock this request already holds.
        probe = db.session.begin_nested()
        try:
            connection = db.session.connection()
            version = connection.exec_driver_sql("PRAGMA user_version").scalar()
            connection.exec_driver_sql(f"PRAGMA user_version = {int(version)}")
        finally:
            probe.rollback()
    except DBAPIError as exc:
        db.session.rollback()
        return is_storage_fault(exc)
    return False


def problems() -> list[str]:
    """What is wrong with this machine's storage now, in sentences for the guide; empty when all is well."""
    found = []
    if _read_only():
        found.append(_("The database is read-only: no dossier can be submitted. Ask the technician to check "
                       "the disk (it may have been remounted read-only after an error)."))
    path = sqlite_path(db.engine.url.render_as_string(hide_password=False))
    free = shutil.disk_usage(path.parent).free if path is not None and path.parent.exists() else None
    if free is not None and free < MIN_FREE_BYTES:
        found.append(_("The disk is almost full (%(free)s MB free): dossiers may soon fail to be submitted. "
                       "Ask the technician to free space.", free=free // (1024 * 1024)))
    fault = current_app.extensions.get("storage_fault")
    if fault and clock.utcnow() - fault[0] < FAULT_SHOWN:
        found.append(_("Saving failed at %(time)s (%(reason)s): a dossier may not have been submitted. Ask "
                       "the technician to check the disk.", time=clock.local(fault[0]).strftime("%H:%M"),
                       reason=fault[1]))
    return found
