"""Count failures per account or per code, never per IP: all residents share the terminal's IP."""
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from kiosk.core.clock import utcnow
from kiosk.extensions import db

from .models import FailedAttempt


class Throttle:
    """`max_failures` within `window_s` lock the key for `window_s` from the last of them."""

    def __init__(self, scope: str, max_failures: int, window_s: int):
        self.scope, self.max_failures, self.window = scope, max_failures, timedelta(seconds=window_s)

    def locked_until(self, key: str) -> datetime | None:
        now = utcnow()
        times = db.session.scalars(
            select(FailedAttempt.at)
            .where(FailedAttempt.scope == self.scope, FailedAttempt.key == key,
                   FailedAttempt.at > now - 2 * self.window)
            .order_by(FailedAttempt.at)
        ).all()
        n = self.max_failures
        for first, last in zip(times, times[n - 1:], strict=False):
            if last - first <= self.window and last + self.window > now:
                return last + self.window
        return None

    def is_locked(self, key: str) -> bool:
        return self.locked_until(key) is not None

    def fail(self, key: str) -> None:
        db.session.add(FailedAttempt(scope=self.scope, key=key, at=utcnow()))
        db.session.commit()

    def clear(self, key: str) -> None:
        db.session.execute(
            delete(FailedAttempt).where(FailedAttempt.scope == self.scope, FailedAttempt.key == key)
        )
        db.session.commit()
