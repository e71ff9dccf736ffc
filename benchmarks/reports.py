"""`kiosk bench reports`: the one-month city report over a generated year of a city on PostgreSQL.

The data set looks like Hanoi's: 126 wards whose online share runs from 25% to 80%, the common
procedures filed most, nearly all dossiers returned on time, a third paying a fee, a fifth of the
returned rating the service. Rows are made inside PostgreSQL (generate_series); the daily tallies are
then recounted from them by `tallies.rebuild()`, the same path an upgraded installation takes.
"""
import statistics
import time
from datetime import date

import sqlalchemy as sa

from kiosk import database
from kiosk.reports.figures import compute
from kiosk.reports.tallies import rebuild

from . import central as central_bench

WARDS = 126
# Procedure codes repeated by how often they are filed (certified copies and births most of all).
WEIGHTS = {"chung-thuc-ban-sao": 8, "khai-sinh": 6, "xac-nhan-tinh-trang-hon-nhan": 5,
           "cap-ban-sao-trich-luc-ho-tich": 4, "ket-hon": 3, "khai-tu": 2, "cap-phep-su-dung-tam-thoi-via-he": 2,
           "cap-giay-phep-xay-dung-nha-o-rieng-le": 2}
MONTH = (date(2026, 10, 1), date(2026, 10, 31))


def _hash(salt: int) -> str:
    """A repeatable pseudo-random 0..999 999 per row number n, independent for each salt."""
    return f"((n * {2654435761 + 2 * salt} + {salt * 97}) % 1000003 % 1000000)"


def _procedures(catalogue) -> list[tuple[str, int]]:
    return [(p.code, WEIGHTS.get(p.code, 1)) for p in catalogue.all() if p.stage >= 3]


def _generate(db, size: int, catalogue, chunk: int = 1_000_000) -> None:
    weighted = [code for code, weight in _procedures(catalogue) for _ in range(weight)]
    fees = {p.code: p.fee.amount or 0 for p in catalogue.all()}
    procedure_of = f"(ARRAY[{','.join(repr(c) for c in weighted)}])[1 + {_hash(1)} % {len(weighted)}]"
    online_pct = f"(25 + (n % {WARDS}) * 55 / {WARDS - 1})"  # ward by ward from 25% to 80%
    for low in range(0, size, chunk):
        db.session.execute(sa.text(f"""
            INSERT INTO dossiers (code, submission_key, procedure_code, ward_code, terminal_no, agency_code, status,
                                  channel, applicant_name, phone_last4, answers, fee, locale, submitted_at, due_on,
                                  receipt_copies)
            SELECT 'B' || n, 'bench:' || n, procedure, ward, 1, ward,
                   CASE WHEN age < 3 THEN 'submitted' WHEN age < 12 AND {_hash(2)} % 3 = 0 THEN 'received'
                        WHEN {_hash(3)} % 100 = 0 THEN 'rejected' WHEN {_hash(3)} % 100 = 1 THEN 'received'
                        ELSE 'returned' END,
                   CASE WHEN {_hash(4)} % 100 >= {online_pct} THEN 'counter'
                        WHEN {_hash(5)} % 3 = 0 THEN 'assisted' ELSE 'self_service' END,
                   'Nguyễn Văn An', '1234', '{{}}', fee, 'vi', filed, filed::date + 7, 0
            FROM (SELECT n, lpad((n % {WARDS} + 1)::text, 5, '0') AS ward, {procedure_of} AS procedure,
                         n % 365 AS age,
                         TIMESTAMP '2026-11-22 01:00' - (n % 365) * INTERVAL '1 day' + (n % 9) * INTERVAL '1 hour'
                             AS filed
                  FROM generate_series(:low, :high - 1) AS n) AS g
            JOIN (VALUES {','.join(f"({code!r}, {fee})" for code, fee in fees.items())}) AS f(code, fee)
              ON f.code = g.procedure
        """), {"low": low, "high": min(size, low + chunk)})
        db.session.commit()
    # Returned: 98% within five days, the rest a week late. Fees paid the day of filing. A fifth rate it.
    db.session.execute(sa.text("""
        INSERT INTO dossier_events (dossier_id, at, kind, actor, from_status, to_status)
        SELECT id, submitted_at + CASE WHEN id % 50 = 0 THEN 14 ELSE 1 + id % 5 END * INTERVAL '1 day',
               'returned', 'guide:bench', 'result_ready', 'returned'
        FROM dossiers WHERE status = 'returned';
        INSERT INTO dossier_events (dossier_id, at, kind, actor, from_status, to_status)
        SELECT id, submitted_at + INTERVAL '1 hour', 'fee_paid', 'guide:bench', status, status
        FROM dossiers WHERE fee > 0 AND id % 3 = 0;
        INSERT INTO ratings (occasion_key, occasion, procedure_code, ward_code, channel, score, reasons, rated_on)
        SELECT md5(id::text) || md5(code), 'handover', procedure_code, ward_code, channel,
               (ARRAY[5,5,5,4,4,4,4,3,2,1])[1 + id % 10], '[]', (submitted_at + INTERVAL '3 days')::date
        FROM dossiers WHERE status = 'returned' AND id % 5 = 0;
    """))
    db.session.commit()


def run(url: str, size: int = 10_000_000, rounds: int = 5) -> dict:
    from kiosk.extensions import db

    app = central_bench.central_app(url)
    if not _filled_with(app, size):  # generating 10 M rows takes many minutes: later runs measure only
        central_bench.ensure_database(url)
        database.upgrade(app)  # as installed: every table
        with app.app_context():
            _generate(db, size, app.extensions["catalogue"])
            rebuild()
            # As autovacuum leaves a database that has lived a year: statistics and visibility maps set.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE")
    with app.app_context():
        timings = []
        for _ in range(rounds):
            started = time.perf_counter()
            figures = compute(*MONTH, today=date(2026, 11, 22))
            timings.append(time.perf_counter() - started)
            db.session.expunge_all()
    return {"dossiers": size, "month_dossiers": figures.total, "returned": figures.returned,
            "on_time_pct": figures.on_time_rate, "wards": len(figures.by_ward), "report_s": statistics.median(timings)}


def _filled_with(app, size: int) -> bool:
    from kiosk.extensions import db

    with app.app_context():
        try:
            return (db.session.scalar(sa.text("SELECT count(*) FROM dossiers")) == size
                    and db.session.scalar(sa.text("SELECT count(*) FROM ratings")) > 0
                    and db.session.scalar(sa.text("SELECT count(*) FROM daily_tallies")) > 0)
        except sa.exc.SQLAlchemyError:
            db.session.rollback()
            return False
