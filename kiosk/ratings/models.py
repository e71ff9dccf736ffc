from datetime import date

from sqlalchemy import JSON, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.extensions import db


class Rating(db.Model):
    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A keyed hash of dossier and occasion: it stops a second rating without naming the dossier.
    occasion_key: Mapped[str] = mapped_column(String(64), unique=True)
    occasion: Mapped[str] = mapped_column(String(16))  # submission | handover
    procedure_code: Mapped[str] = mapped_column(String(64), index=True)
    ward_code: Mapped[str] = mapped_column(String(16), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    score: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    rated_on: Mapped[date] = mapped_column(Date, index=True)  # the day only: no time to match against a visit
