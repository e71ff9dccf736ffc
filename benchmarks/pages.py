"""`kiosk bench pages`: the residents' procedure list under a ward's load, beside a bare Flask page.

Four clients (a ward's terminals) each keep a connection open and ask for the page again as soon as it
arrives. The kiosk, exactly as `kiosk demo` serves it, and a bare Flask + Jinja page of the same byte size,
served by the same `serve` with as many threads, are loaded in alternate rounds of one run, so that whatever
else the machine is doing weighs on both alike.
"""
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import requests
from flask import Flask, render_template
from jinja2 import DictLoader

from . import CHECKOUT
from .loopback import HOST, response_status
from .server import KIOSK, kiosk_env, serving

PATH = "/procedures"  # the catalogue: where a resident who came to file something starts
CLIENTS = 4  # a ward's terminals
WARM_UP_S = 1.0  # not counted: the first requests compile templates and fill caches
BARE_SERVER = (f"import sys; sys.path.append({CHECKOUT!r}); from benchmarks.pages import serve_bare; "
               "serve_bare(int(sys.argv[1]), int(sys.argv[2]))")
BARE_TITLE = "Chọn thủ tục"
BARE_PAGE = ('<!doctype html>\n<html lang="vi"><head><meta charset="utf-8"><title>{{ title }}</title>'
             "</head>\n<body><main><h1>{{ title }}</h1><p>{{ text }}</p></main></body></html>\n")


def bare_app(size: int) -> Flask:
    """Flask and a Jinja template, nothing else; the text is padded so that the page is `size` bytes."""
    app = Flask(__name__)
    app.config["ROLE"] = "standalone"  # `serve` asks: served as a standalone kiosk is, without a sync worker
    app.jinja_loader = DictLoader({"page.html": BARE_PAGE})
    with app.app_context():
        frame = len(render_template("page.html", title=BARE_TITLE, text="").encode())
    text = "x" * (size - frame)
    app.add_url_rule(PATH, "page", lambda: render_template("page.html", title=BARE_TITLE, text=text))
    return app


def serve_bare(port: int, size: int) -> None:
    """The bare page, served as `kiosk demo` serves the kiosk: the same `serve`, as many threads."""
    from kiosk.serving import THREADS, serve

    # `serve` also starts the purge round, which finds no database beside a bare page: its failure, in a
    # thread of its own once a minute, is no part of the page.
    logging.getLogger("kiosk.retention").disabled = True
    serve(lambda: bare_app(size), HOST, port, threads=THREADS["standalone"])


def _settled_visit(port: int) -> tuple[str, bytes]:
    """What a browser holds after its first requests: the cookie once the server stops changing it (the
    session gains its CSRF token, then its sign-in state), and the page."""
    with requests.Session() as browser:
        for _attempt in range(3):
            page = browser.get(f"http://{HOST}:{port}{PATH}", timeout=30)
            page.raise_for_status()
            if "Set-Cookie" not in page.headers:
                return "; ".join(f"{cookie.name}={cookie.value}" for cookie in browser.cookies), page.content
    raise RuntimeError(f"{PATH} sets a new cookie on every request")


async def _terminal(port: int, cookie: str, until: float) -> list[float]:
    """One terminal asking for the page again as soon as it arrives, on one kept-alive connection, until
    `until`; returns each request's seconds. Plain HTTP/1.1 on a stream: the load shares the servers'
    cores, so it must cost little."""
    reader, writer = await asyncio.open_connection(HOST, port)
    cookie_line = f"Cookie: {cookie}\r\n" if cookie else ""
    request = f"GET {PATH} HTTP/1.1\r\nHost: kiosk\r\n{cookie_line}\r\n".encode()
    timings = []
    while time.perf_counter() < until:
        started = time.perf_counter()
        writer.write(request)
        status = await response_status(reader)
        timings.append(time.perf_counter() - started)
        if status != 200:
            raise RuntimeError(f"{PATH} answered {status} under load")
    writer.close()
    await writer.wait_closed()
    return timings


async def _round(port: int, cookies: list[str], seconds: float) -> tuple[list[float], float]:
    """Every terminal at once for `seconds`; each request's seconds, and how long the round took."""
    started = time.perf_counter()
    per_terminal = await asyncio.gather(*(_terminal(port, cookie, started + seconds) for cookie in cookies))
    return [timing for timings in per_terminal for timing in timings], time.perf_counter() - started


async def _alternate(servers: dict[str, tuple[int, list[str]]], rounds: int, seconds: float) -> dict:
    """`rounds` rounds of each server in turn, after a warm-up of each; name -> (timings, seconds loaded)."""
    for port, cookies in servers.values():
        await _round(port, cookies, min(WARM_UP_S, seconds))
    measured = {name: ([], 0.0) for name in servers}
    for _ in range(rounds):
        for name, (port, cookies) in servers.items():
            timings, elapsed = await _round(port, cookies, seconds)
            measured[name] = (measured[name][0] + timings, measured[name][1] + elapsed)
    return measured


def _visits(port: int) -> tuple[list[str], bytes]:
    """Each terminal's settled cookie, and the page they were shown."""
    visits = [_settled_visit(port) for _ in range(CLIENTS)]
    return [cookie for cookie, _page in visits], visits[0][1]


def run(rounds: int = 6, seconds: float = 4.0) -> dict:
    """The kiosk's procedure list and the bare page, `rounds` rounds of `seconds` each, in turn."""
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-pages-") as folder, ExitStack() as servers:
        _kiosk, kiosk_port = servers.enter_context(serving(
            lambda port: [*KIOSK, "demo", "--host", HOST, "--port", str(port)], kiosk_env(Path(folder))))
        kiosk_cookies, page = _visits(kiosk_port)
        if b'class="procedure-list__link"' not in page:
            raise RuntimeError(f"{PATH} lists no procedure")
        _bare, bare_port = servers.enter_context(
            serving(lambda port: [sys.executable, "-c", BARE_SERVER, str(port), str(len(page))]))
        bare_cookies, bare_page = _visits(bare_port)
        if len(bare_page) != len(page):
            raise RuntimeError(f"the bare page has {len(bare_page)} bytes, the kiosk's {len(page)}")
        servers_loaded = {"kiosk": (kiosk_port, kiosk_cookies), "bare": (bare_port, bare_cookies)}
        with ThreadPoolExecutor(1) as load:  # an event loop of its own, whatever loop the caller is running
            measured = load.submit(asyncio.run, _alternate(servers_loaded, rounds, seconds)).result()
    (kiosk, kiosk_s), (bare, bare_s) = measured["kiosk"], measured["bare"]
    kiosk_rps, bare_rps = len(kiosk) / kiosk_s, len(bare) / bare_s
    return {"kiosk_rps": kiosk_rps, "bare_rps": bare_rps, "ratio": kiosk_rps / bare_rps,
            "kiosk_p99_ms": _p99_ms(kiosk), "bare_p99_ms": _p99_ms(bare), "page_bytes": len(page)}


def _p99_ms(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=100)[98] * 1000


def format_line(figures: dict) -> str:
    """The line the CLI prints last, e.g. `kiosk_rps=310 bare_rps=520 ratio=0.60 kiosk_p99_ms=14.20 …`."""
    return (f"kiosk_rps={figures['kiosk_rps']:.0f} bare_rps={figures['bare_rps']:.0f} "
            f"ratio={figures['ratio']:.2f} kiosk_p99_ms={figures['kiosk_p99_ms']:.2f} "
            f"bare_p99_ms={figures['bare_p99_ms']:.2f} page_bytes={figures['page_bytes']}")
