"""`kiosk bench reports`: the one-month city report over a generated data set on PostgreSQL."""
import time
from datetime import date

import sqlalchemy as sa

from kiosk.central import bench as central_bench

from .figures import compute


def run(url: str = central_bench.DEFAULT_URL, size: int = 10_000_000, rounds: int = 3) -> dict:
    from kiosk.extensions import db

    app = central_bench.central_app(url)
    if _filled_with(app, size):  # generating 10 M rows takes minutes: a second run measures again only
        return _measure(app, size, rounds)
    central_bench.ensure_database(url)
    with app.app_context():
        db.create_all()
        central_bench._fill(db, 0, size)  # dossiers spread over the year before 22/11/2026
        # Half of them returned, two days after filing; a tenth of those late.
        db.session.execute(sa.text("""
            INSERT INTO dossier_events (dossier_id, at, kind, actor, from_status, to_status)
            SELECT id, submitted_at + (CASE WHEN id % 10 = 0 THEN 9 ELSE 2 END) * INTERVAL '1 day',
                   'returned', 'officer:bench', 'result_ready', 'returned'
            FROM dossiers WHERE id % 2 = 0"""))
        db.session.execute(sa.text("UPDATE dossiers SET status = 'returned' WHERE id % 2 = 0"))
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
    return _measure(app, size, rounds)


def _filled_with(app, size: int) -> bool:
    from kiosk.extensions import db

    with app.app_context():
        try:
            return db.session.scalar(sa.text("SELECT count(*) FROM dossiers")) == size
        except sa.exc.SQLAlchemyError:
            db.session.rollback()
            return False


def _measure(app, size: int, rounds: int) -> dict:
    with app.app_context():
        timings = []
        for _ in range(rounds):
            started = time.perf_counter()
            figures = compute(date(2026, 10, 1), date(2026, 10, 31), today=date(2026, 11, 22))
            timings.append(time.perf_counter() - started)
    return {"dossiers": size, "month_dossiers": figures.total, "returned": figures.returned,
            "report_s": min(timings)}
