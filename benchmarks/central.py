"""`kiosk bench ingest` and `kiosk bench lookup`: the centre on PostgreSQL, measured from loopback."""
import asyncio
import json
import multiprocessing
import os
import secrets
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date

import sqlalchemy as sa

from kiosk import database
from kiosk.core.codes import make_code
from kiosk.core.request_signing import headers, private_key

from . import CHECKOUT
from .loopback import free_port, response_status, wait_for


def bench_url(name: str) -> str:
    """Each benchmark's own database on the local PostgreSQL (never the tests' or production's)."""
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/kiosk_bench_{name}"


def ensure_database(url: str) -> None:
    """Create the benchmark's own database (never the tests' or production's) and empty it."""
    target = sa.engine.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                    {"n": target.database}).scalar()
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def central_app(url: str):
    from kiosk import create_app

    return create_app({"CONFIG": "testing", "ROLE": "central", "SQLALCHEMY_DATABASE_URI": url,
                       "INSTANCE_PATH": os.path.join(os.getcwd(), "instance", "bench")})


def start_centre(url: str, processes: int) -> tuple[subprocess.Popen, int]:
    """The centre as `kiosk serve --processes N` runs it: N processes sharing one port."""
    port = free_port()
    code = (f"import logging, sys; sys.path.append({CHECKOUT!r}); from kiosk.serving import THREADS, serve; "
            "from benchmarks.central import central_app; "
            "logging.getLogger('waitress').setLevel(logging.ERROR); "
            "serve(lambda: central_app(sys.argv[1]), '127.0.0.1', int(sys.argv[2]), int(sys.argv[3]), "
            "THREADS['central'])")
    process = subprocess.Popen([sys.executable, "-c", code, url, str(port), str(processes)])
    wait_for(port)
    return process, port


def stop_centre(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait()


def _payload(code: str) -> str:
    return json.dumps({"code": code, "procedure_code": "xac-nhan-tinh-trang-hon-nhan", "channel": "self_service",
                       "applicant_name": "Lê Thị Hoa", "phone_last4": "4321", "answers": {"full_name": "Lê Thị Hoa"},
                       "fee": 15000, "locale": "vi", "submitted_at": "2026-11-22T03:00:00", "due_on": "2026-11-25"},
                      ensure_ascii=False, separators=(",", ":"))


async def _terminal(port: int, ward: str, printed_key: str, per_terminal: int) -> int:
    """One terminal filing `per_terminal` dossiers, one after the other, on a kept-alive connection.
    Plain HTTP/1.1 on a stream: the load generator shares the centre's cores, so it must cost little."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    key, answered = private_key(printed_key), 0
    for seq in range(1, per_terminal + 1):
        body = _payload(make_code(ward, 1, date(2026, 11, 22), seq)).encode()
        for _attempt in (1, 2) if seq % 10 == 0 else (1,):  # every tenth is resent, as after a lost reply
            signed = headers(f"{ward}-01", key, "POST", "/api/v1/dossiers", body, time.time(),
                             idempotency_key=f"dossier:{seq}")
            head = "".join(f"{name}: {value}\r\n" for name, value in signed.items())
            writer.write(f"POST /api/v1/dossiers HTTP/1.1\r\nHost: centre\r\nContent-Type: application/json\r\n"
                         f"Content-Length: {len(body)}\r\nIdempotency-Key: dossier:{seq}\r\n{head}\r\n".encode()
                         + body)
            status = await response_status(reader)
            answered += status == 201
    writer.close()
    await writer.wait_closed()
    return answered


def _terminals(port: int, group: list[tuple[str, str]], per_terminal: int) -> tuple[int, float, float]:
    """A load-generating process: its terminals as tasks of one event loop; returns 201s, start and end."""
    async def all_of_them():
        return sum(await asyncio.gather(*(_terminal(port, *terminal, per_terminal) for terminal in group)))

    started = time.time()
    answered = asyncio.run(all_of_them())
    return answered, started, time.time()


def run_ingest(url: str, terminals: int = 200, per_terminal: int = 25, servers: int = 2,
               loaders: int = 2) -> dict:
    """`terminals` terminals filing at once against `servers` centre processes; the load comes from
    `loaders` processes of its own, so that the clients' Python does not share the centre's."""
    from kiosk.central.terminals import register_terminal

    ensure_database(url)
    app = central_app(url)
    database.upgrade(app)  # as installed: every table
    with app.app_context():
        registered = [(f"{10000 + n:05d}", register_terminal(f"{10000 + n:05d}", 1)[1]) for n in range(terminals)]
    process, port = start_centre(url, servers)
    try:
        before = _cpu_seconds(process.pid)
        with ProcessPoolExecutor(loaders, mp_context=multiprocessing.get_context("fork")) as pool:
            runs = list(pool.map(_terminals, [port] * loaders, [registered[i::loaders] for i in range(loaders)],
                                 [per_terminal] * loaders))
        after = _cpu_seconds(process.pid)
    finally:
        stop_centre(process)
    elapsed = max(end for *_r, end in runs) - min(start for _a, start, _e in runs)
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT count(*), count(DISTINCT code) FROM dossiers")).one()
    engine.dispose()
    expected = terminals * per_terminal
    centre_ms, database_ms = (1000 * (a - b) / expected for a, b in zip(after, before, strict=True))
    return {"terminals": terminals, "dossiers": stored[1], "answered_201": sum(a for a, *_t in runs),
            "centre_cpu_ms": centre_ms, "database_cpu_ms": database_ms,
            "dossiers_per_s": expected / elapsed, "duplicates": stored[0] - stored[1] + max(0, stored[0] - expected)}


def _cpu_seconds(centre_pid: int) -> tuple[float, float]:
    """CPU time used so far by the centre's processes and by PostgreSQL's (Linux /proc): what one
    dossier costs, whatever else shares the machine."""
    ticks = os.sysconf("SC_CLK_TCK")
    stats = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                name, rest = stat.read().rsplit(")", 1)
        except (OSError, ValueError):
            continue
        fields = rest.split()
        stats[int(entry)] = (name.split("(", 1)[1], int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    centre = {centre_pid} | {pid for pid, (_n, parent, _c) in stats.items() if parent == centre_pid}
    return (sum(stats[pid][2] for pid in centre if pid in stats),
            sum(cpu for name, _p, cpu in stats.values() if name == "postgres"))


def run_lookup(url: str, sizes=(1_000_000, 10_000_000), lookups: int = 2000) -> dict:
    """Fill the dossiers table with generated rows, then time lookups by code through the ORM."""
    from kiosk.dossiers import services
    from kiosk.extensions import db

    ensure_database(url)
    app = central_app(url)
    figures = {}
    database.upgrade(app)  # as installed: every table
    with app.app_context():
        filled = 0
        for size in sizes:
            _fill(db, filled, size)
            filled = size
            db.session.execute(sa.text("ANALYZE dossiers"))
            db.session.commit()
            codes = [make_code(f"{n % 90000 + 10000:05d}", 1, date(2026, 11, 22), n // 90000 + 1)
                     for n in (secrets.randbelow(size) for _ in range(lookups))]
            timings = []
            for code in codes:
                start = time.perf_counter()
                found = services.find_by_code(code)
                timings.append((time.perf_counter() - start) * 1000)
                assert found is not None
                db.session.expunge_all()
            timings.sort()
            figures[size] = {"median": statistics.median(timings), "p99": timings[int(len(timings) * 0.99) - 1]}
    return figures


def _fill(db, start: int, stop: int, chunk: int = 500_000) -> None:
    """Rows made inside PostgreSQL (generate_series): codes are real, with check characters, computed in SQL."""
    from kiosk.core.codes import CHECK_ALPHABET

    weights = "+".join(f"substr(d, {i}, 1)::int * {i}" for i in range(1, 18))
    for low in range(start, stop, chunk):
        high = min(stop, low + chunk)
        db.session.execute(sa.text(f"""
            INSERT INTO dossiers (code, submission_key, procedure_code, ward_code, terminal_no, agency_code, status,
                                  channel, applicant_name, phone_last4, answers, fee, locale, submitted_at, due_on,
                                  receipt_copies)
            SELECT w || '-01-261122-' || s || '-' || substr(:alphabet, (({weights}) % 31) + 1, 1),
                   'bench:' || n, 'khai-sinh', w, 1, w, 'submitted', 'self_service', 'Nguyễn Văn An', '1234',
                   '{{}}', 0, 'vi', TIMESTAMP '2026-11-22 03:00' - (n % 365) * INTERVAL '1 day', DATE '2026-11-25', 0
            FROM (SELECT n, lpad(((n % 90000) + 10000)::text, 5, '0') AS w,
                         lpad(((n / 90000) + 1)::text, 4, '0') AS s,
                         lpad(((n % 90000) + 10000)::text, 5, '0') || '01' || '261122' ||
                         lpad(((n / 90000) + 1)::text, 4, '0') AS d
                  FROM generate_series(:low, :high - 1) AS n) AS g
        """), {"alphabet": CHECK_ALPHABET, "low": low, "high": high})
        db.session.commit()
