from datetime import date

from sqlalchemy import BigInteger, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.extensions import db


class DailyTally(db.Model):
    """How many dossiers (and how much) one day brought to one ward, for one measure.

    measure/value: status/<status> and procedure/<code> and channel/<channel> count dossiers by the day
    they were filed; returned/on_time|late by the day they were handed back (total: working days taken);
    paid/fee by the day the fee was paid (total: đồng); rating/<occasion> by the day rated (total: points).
    """

    __tablename__ = "daily_tallies"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    ward_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    measure: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(BigInteger, default=0)
