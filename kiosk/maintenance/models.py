from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.extensions import db


class TerminalReport(db.Model):
    """What a terminal last told the centre of its health (kept at the centre, one row per terminal)."""

    __tablename__ = "terminal_reports"

    terminal_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[str | None] = mapped_column(String(32))
    outbox_depth: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    clock_skew_s: Mapped[int] = mapped_column(Integer, default=0)  # the terminal's clock minus the centre's
    reported_at: Mapped[datetime] = mapped_column(DateTime)
