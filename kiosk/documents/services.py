"""Attaching scans to a dossier, each attachment an event in its history."""
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from kiosk.dossiers import services as dossiers
from kiosk.extensions import db

from . import scans
from .models import DossierDocument


def folder() -> Path:
    """Outside static/: scans are served only through a signed-in staff route."""
    return Path(current_app.instance_path) / "documents"


def attach(dossier, document_index: int, data: bytes, actor: str, also=None, commit: bool = True) -> DossierDocument:
    """Check, clean and store a scan. `also(dossier, document, jpeg)` joins the transaction (a terminal's message
    for the centre); the centre itself attaches with commit=False inside its idempotent ingest."""
    scan = scans.clean(data, max_bytes=current_app.config["SCAN_MAX_BYTES"])
    document = DossierDocument(dossier_id=dossier.id, document_index=document_index,
                               stored_name=scans.store(scan, folder()), width=scan.width,
                               height=scan.height, size=len(scan.jpeg), uploaded_by=actor)
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
