from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.core.clock import utcnow
from kiosk.extensions import db


class TextMessage(db.Model):
    """An SMS waiting for (or past) delivery. Never holds an ID number: see messages.py."""

    __tablename__ = "text_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_code: Mapped[str] = mapped_column(String(32), index=True)
    phone: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(String(480))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    last_error: Mapped[str | None] = mapped_column(String(300))
