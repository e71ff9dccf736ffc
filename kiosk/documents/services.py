"""Attaching scans to a dossier, each attachment an event in its history.

A scan's file is named after what it holds (dossier, document, cleaned pixels), so the same scan received
again (a retry, a replay, a second upload of the same photo) finds its document and writes nothing new.
A file lives exactly as long as the database row naming it: the configured store (kiosk/storage) keeps it
only if the transaction that adds the row commits.
"""
import hashlib

from flask import Response, abort, current_app
from sqlalchemy import select

from kiosk import storage
from kiosk.dossiers import services as dossiers
from kiosk.extensions import db

from . import scans
from .models import DossierDocument

AREA = "documents"


def files() -> storage.FileStore:
    """Outside static/ whatever the store: scans are served only through signed-in staff routes."""
    return storage.store(AREA)


def stored_name(dossier, document_index: int, jpeg: bytes) -> str:
    digest = hashlib.sha256(f"{dossier.code}:{document_index}:".encode() + jpeg).hexdigest()
    return f"{digest[:48]}.jpg"


def attach(dossier, document_index: int, data: bytes, actor: str, commit: bool = True) -> DossierDocument:
    """Check, clean and store a scan. With commit=False the caller commits: kiosk.dossiers.operations.attach_scan
    (which reads the cleaned JPEG back from `document.jpeg` for its signal), the centre's idempotent ingest."""
    scan = scans.clean(data, max_bytes=current_app.config["SCAN_MAX_BYTES"],
                       max_pixels=current_app.config["SCAN_MAX_PIXELS"])
    name = stored_name(dossier, document_index, scan.jpeg)
    existing = db.session.scalar(select(DossierDocument).where(DossierDocument.stored_name == name))
    if existing is not None:  # this very scan is attached already: one file, one document, one event
        return existing
    files().put(db.session(), name, scan.jpeg)
    document = DossierDocument(dossier_id=dossier.id, document_index=document_index, stored_name=name,
                               width=scan.width, height=scan.height, size=len(scan.jpeg), uploaded_by=actor)
    db.session.add(document)
    dossiers.record(dossier, "document_attached", actor, data={"document": document_index + 1})
    document.jpeg = scan.jpeg  # not a column: what the operation's subscribers send on (the terminal's outbox)
    if commit:
        db.session.commit()
    return document


def of_dossier(dossier) -> list[DossierDocument]:
    return db.session.scalars(select(DossierDocument).where(DossierDocument.dossier_id == dossier.id)
                              .order_by(DossierDocument.id)).all()


def content_of(document: DossierDocument) -> bytes | None:
    return files().read(document.stored_name)


def response(document: DossierDocument) -> Response:
    """The scan as a JPEG answer; a row whose file is gone (see `kiosk storage check`) is a 404, not a 500."""
    content = content_of(document)
    if content is None:
        abort(404)
    return Response(content, mimetype="image/jpeg")


def remove(document: DossierDocument) -> None:
    """The row now, its file when the transaction commits."""
    files().remove(db.session(), document.stored_name)
    db.session.delete(document)
