from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.core.clock import utcnow
from kiosk.extensions import db


class Visit(db.Model):
    __tablename__ = "visits"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    guide_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    procedure_code: Mapped[str | None] = mapped_column(String(64))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    submission_key: Mapped[str | None] = mapped_column(String(64))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"))
    # assisted: a guide sits beside the resident; counter: staff enter a paper dossier from the counter.
    channel: Mapped[str] = mapped_column(String(16), default="self_service", server_default="self_service")
    # The print job of this visit's receipt (a signed token, kiosk.printing.jobs): finishing asks
    # whether the paper came out unless the printer said so.
    receipt_job: Mapped[str | None] = mapped_column(String(200))
