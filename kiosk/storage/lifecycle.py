"""A file outside the database follows the transaction of the row that names it.

`put` writes a temporary file (a dot name nobody reads) and the session remembers it; when the outermost
transaction commits, the temporary is renamed into place (atomic on one filesystem); when the transaction
or savepoint that wrote it rolls back, or the session is closed without a commit, the temporary is
deleted. `remove` is remembered the same way and done only after a commit. So a rolled-back attach leaves
no file, a committed one leaves exactly its file, and a failed attempt never touches a file another
attempt committed. A crash between the commit and the rename leaves a row without its file, which
`kiosk storage check` reports.
"""
import contextlib
import logging
import os
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
PENDING = "stored_files_pending"  # session.info: [(transaction, action, temporary or None, path)]
DOOMED = "stored_files_rolled_back"  # the same, of savepoints rolled back; dropped when the transaction ends


def remember(session: Session, action: str, path: Path, temporary: Path | None = None) -> None:
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(PENDING, []).append((transaction, action, temporary, path))


def _within(transaction, ancestor) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


def _take(session: Session, ended) -> list:
    kept, taken = [], []
    for entry in session.info.get(PENDING, []):
        (taken if _within(entry[0], ended) else kept).append(entry)
    session.info[PENDING] = kept
    return taken


def _drop(entries) -> None:
    for _transaction, action, temporary, _path in entries:
        if action == "put":
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session, previous_transaction):
    """A savepoint's (or the transaction's) files are set aside; they go when the outermost one ends."""
    doomed = _take(session, previous_transaction)
    if doomed:
        session.info.setdefault(DOOMED, []).extend(doomed)


@event.listens_for(Session, "after_commit")
def _committed(session):
    for _transaction, action, temporary, path in session.info.pop(PENDING, []):
        try:
            if action == "put":
                os.replace(temporary, path)
            else:
                path.unlink(missing_ok=True)
        except OSError as error:  # the rows are committed: say so, and let `kiosk storage check` find it
            log.error("stored file %s not %s after commit: %s", path.name,
                      "moved into place" if action == "put" else "removed", error)


@event.listens_for(Session, "after_transaction_end")
def _ended(session, transaction):
    """The outermost transaction is over: what was rolled back, or never committed (a request that failed
    half-way and was closed), leaves nothing behind."""
    if transaction.parent is not None:
        return
    _drop(session.info.pop(DOOMED, []) + _take(session, transaction))
