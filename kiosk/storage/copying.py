"""Copying files between stores: one file a transaction, so an interrupted copy resumes where it stopped."""
from kiosk.extensions import db

from . import AREAS
from .database import DatabaseStore
from .folder import FolderStore


def copy_files(app, source: str) -> list[tuple[str, int, int]]:
    """(area, copied, already present) for every area."""
    report = []
    with app.app_context():
        for area in AREAS:
            folder, database = FolderStore(area, app.instance_path), DatabaseStore(area)
            reader, writer = (folder, database) if source == "folder" else (database, folder)
            present = writer.names()
            copied = 0
            for name in sorted(reader.names() - present):
                writer.put(db.session(), name, reader.read(name))
                db.session.commit()
                copied += 1
            report.append((area, copied, len(present)))
    return report
