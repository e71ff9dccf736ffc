"""The database's share of a stateless centre: stored files, and the installation's own random secret."""
from datetime import datetime

from sqlalchemy import DateTime, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.core.clock import utcnow
from kiosk.extensions import db


class StoredFile(db.Model):
    """A file of the `database` store (KIOSK_FILE_STORE=database)."""

    __tablename__ = "stored_files"

    area: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    stored_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class InstallationSecret(db.Model):
    """A random secret made once for the whole installation (the centre's machines share it), where a
    terminal keeps its own in a 0600 file of its instance folder (kiosk/security/signing.py)."""

    __tablename__ = "installation_secrets"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
    made_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
