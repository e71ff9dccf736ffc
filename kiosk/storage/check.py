"""Files without rows and rows without files, per area (SecureDrop's "disconnected" submissions)."""
from dataclasses import dataclass, field

from sqlalchemy import select

from kiosk.extensions import db

from . import AREAS, store


def referenced(area: str) -> dict[str, str]:
    """The names the database's rows give to files of `area`, each with what names it (for the report)."""
    if area == "documents":
        from kiosk.documents.models import DossierDocument
        from kiosk.dossiers.models import Dossier

        rows = db.session.execute(select(DossierDocument.stored_name, Dossier.code, DossierDocument.document_index)
                                  .join(Dossier, Dossier.id == DossierDocument.dossier_id))
        return {name: f"dossier {code}, document {index + 1}" for name, code, index in rows}
    raise ValueError(f"no file area {area!r}")


@dataclass
class Finding:
    area: str
    files: int = 0
    rows: int = 0
    files_without_rows: list[str] = field(default_factory=list)
    rows_without_files: list[tuple[str, str]] = field(default_factory=list)  # (name, what names it)


def check(app, delete_orphans: bool = False) -> list[Finding]:
    found = []
    with app.app_context():
        for area in AREAS:
            files = store(area)
            names, rows = files.names(), referenced(area)
            finding = Finding(area, len(names), len(rows))
            finding.files_without_rows = sorted((names - rows.keys()) | files.stale_temporaries())
            finding.rows_without_files = sorted((name, rows[name]) for name in rows.keys() - names)
            if delete_orphans:
                for name in finding.files_without_rows:
                    files.delete_now(name)
            found.append(finding)
    return found
