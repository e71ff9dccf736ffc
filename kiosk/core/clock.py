"""The one source of 'now', so tests can move time instead of sleeping."""
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def local(moment: datetime) -> datetime:
    """A naive UTC timestamp (as stored) in Hanoi time."""
    return moment.replace(tzinfo=UTC).astimezone(LOCAL_TZ)


def local_today() -> date:
    return local(utcnow()).date()


def utc_bounds_of_local_day(day: date) -> tuple[datetime, datetime]:
    """The stored (naive UTC) timestamps that fall on `day` in Hanoi."""
    start = datetime.combine(day, time.min, tzinfo=LOCAL_TZ).astimezone(UTC).replace(tzinfo=None)
    return start, start + timedelta(days=1)
