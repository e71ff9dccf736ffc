"""Attaching scans to a dossier, each attachment an event in its history.

A scan's file is named after what it holds (dossier, document, cleaned pixels), so the same scan received
again (a retry, a replay, a second upload of the same photo) finds its document and writes nothing new.
A file lives exactly as long as the database row naming it: written before the row is flushed, it is
removed again if the transaction (or savepoint) that added the row rolls back, and written once more after
a commit should a concurrent failed attempt at the same scan have removed it meanwhile.
"""
import contextlib
import hashlib
from pathlib import Path

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from kiosk.dossiers import services as dossiers
from kiosk.extensions import db
from kiosk.security.files import private_dir, write_private

from . import scans
from .models import DossierDocument

WRITTEN = "scan_files_written"  # session.info: [(transaction, path, jpeg)] not yet committed
DOOMED = "scan_files_rolled_back"  # session.info: the same, rolled back, removed when the transaction ends


def folder() -> Path:
    """Outside static/: scans are served only through a signed-in staff route."""
    return private_dir(Path(current_app.instance_path) / "documents")


def stored_name(dossier, document_index: int, jpeg: bytes) -> str:
    digest = hashlib.sha256(f"{dossier.code}:{document_index}:".encode() + jpeg).hexdigest()
    return f"{digest[:48]}.jpg"


def attach(dossier, document_index: int, data: bytes, actor: str, also=None, commit: bool = True) -> DossierDocument:
    """Check, clean and store a scan. `also(dossier, document, jpeg)` joins the transaction (a terminal's message
    for the centre); the centre itself attaches with commit=False inside its idempotent ingest."""
    scan = scans.clean(data, max_bytes=current_app.config["SCAN_MAX_BYTES"],
                       max_pixels=current_app.config["SCAN_MAX_PIXELS"])
    name = stored_name(dossier, document_index, scan.jpeg)
    existing = db.session.scalar(select(DossierDocument).where(DossierDocument.stored_name == name))
    if existing is not None:  # this very scan is attached already: one file, one document, one event
        return existing
    path = folder() / name
    write_private(path, scan.jpeg)
    _remember(db.session(), path, scan.jpeg)
    document = DossierDocument(dossier_id=dossier.id, document_index=document_index, stored_name=name,
                               width=scan.width, height=scan.height, size=len(scan.jpeg), uploaded_by=actor)
    db.session.add(document)
    dossiers.record(dossier, "document_attached", actor, data={"document": document_index + 1})
    if also:
        also(dossier, document, scan.jpeg)
    if commit:
        db.session.commit()
    return document


def of_dossier(dossier) -> list[DossierDocument]:
    return db.session.scalars(select(DossierDocument).where(DossierDocument.dossier_id == dossier.id)
                              .order_by(DossierDocument.id)).all()


def path_of(document: DossierDocument) -> Path:
    return folder() / document.stored_name


# --- a file for every committed row, none for a row rolled back -------------------------------------------

def _remember(session: Session, path: Path, jpeg: bytes) -> None:
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(WRITTEN, []).append((transaction, path, jpeg))


def _within(transaction, ancestor) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


def _take(session: Session, ended) -> list:
    kept, taken = [], []
    for entry in session.info.get(WRITTEN, []):
        (taken if _within(entry[0], ended) else kept).append(entry)
    session.info[WRITTEN] = kept
    return taken


def _referenced(session: Session, name: str) -> bool:
    """Asked on a connection of its own once this session's transaction is over: a concurrent attempt at the
    same scan may have committed a row naming this file."""
    with session.get_bind().connect() as connection:
        return connection.execute(select(DossierDocument.id).where(DossierDocument.stored_name == name)).first() \
            is not None


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session, previous_transaction):
    """Files of a transaction or savepoint rolled back are removed when the outermost transaction ends
    (a savepoint's end comes before its rollback is known, and no query can run inside it)."""
    doomed = _take(session, previous_transaction)
    if doomed:
        session.info.setdefault(DOOMED, []).extend(doomed)


@event.listens_for(Session, "after_commit")
def _committed(session):
    for _transaction, path, jpeg in session.info.pop(WRITTEN, []):
        if not path.exists():  # removed by a failed attempt at the same scan running alongside
            write_private(path, jpeg)


@event.listens_for(Session, "after_transaction_end")
def _ended(session, transaction):
    """The outermost transaction is over: remove the files of rows rolled back, or never committed (a request
    that failed half-way and was closed), unless a committed row names the same file."""
    if transaction.parent is not None:
        return
    doomed = session.info.pop(DOOMED, []) + _take(session, transaction)
    for _transaction, path, _jpeg in doomed:
        if not _referenced(session, path.name):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
