"""Logging: one line per request, per sync attempt and per error, to stderr (journald keeps it), each with
its time, level and request id. Residents' personal data is never logged on purpose; the formatter also
masks what looks like a CCCD or phone number, and SQL parameters, as a safety net."""
import atexit
import logging
import os
import random
import re
import signal
import sys
import threading
import time

from flask import g, has_request_context, request

FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
# A CCCD (12 digits), an old CMND (9), a phone number written with or without spaces, dots or dashes,
# with a leading 0 or +84: any run of 9 to 12 digits, spaces or dots allowed between them (a dossier
# code's dashes keep it readable: 09556-01-261122-0007-K).
_DIGITS = re.compile(r"(?<![\d])\+?\d(?:[ .]?\d){8,11}(?![\d])")
# SQLAlchemy quotes the values of a failed statement; they may be a resident's answers.
_SQL_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\s*(?:\n|\(Background|$))", re.S)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._\-]{1,64}$")

request_log = logging.getLogger("kiosk.request")


def mask(text: str) -> str:
    text = _SQL_PARAMETERS.sub("[parameters hidden]", text)
    return _DIGITS.sub("[number hidden]", text)


class RequestIdFilter(logging.Filter):
    """Gives every record the id of the request it was logged in ('-' outside one)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


class MaskingFormatter(logging.Formatter):
    """Masks the message, the traceback and the stack (not the time or the request id)."""

    def formatMessage(self, record):
        record.message = mask(record.message)
        return super().formatMessage(record)

    def formatException(self, ei):
        return mask(super().formatException(ei))

    def formatStack(self, stack_info):
        return mask(super().formatStack(stack_info))


class _Stderr(logging.Handler):
    """Writes to whatever sys.stderr is at the time (as logging's last resort does), like nginx's buffered
    access log: lines are gathered and written together at most FLUSH_S later, or once BUFFERED have
    gathered. A write is a system call, during which the server's other threads take the GIL: one per
    request cost a served page about a fifth of its CPU (`kiosk bench pages`). A warning or worse is
    written at once, with the lines before it, and so is everything when the process ends (`flush_on_exit`)."""

    FLUSH_S = 0.25
    BUFFERED = 256

    def __init__(self):
        super().__init__()
        self._lines: list[str] = []
        self._closed = False
        self._start_flushing()
        atexit.register(self.flush)
        # A forked worker writes what the parent gathered once, and flushes its own lines with a thread of
        # its own (threads do not survive a fork).
        os.register_at_fork(before=self.flush, after_in_child=self._start_flushing)

    def emit(self, record):
        try:
            line = self.format(record) + "\n"
        except Exception:  # as StreamHandler does: a record that cannot be formatted is reported, not raised
            self.handleError(record)
            return
        with self.lock:
            self._lines.append(line)
            if record.levelno >= logging.WARNING or len(self._lines) >= self.BUFFERED:
                self._write()

    def flush(self):
        with self.lock:
            self._write()

    def _write(self):
        lines, self._lines = self._lines, []
        if lines:
            sys.stderr.write("".join(lines))
            sys.stderr.flush()

    def _start_flushing(self):
        if self._closed:  # a handler `configure` replaced, in a worker forked since
            return
        threading.Thread(target=self._flush_every, name="log-flush", daemon=True).start()

    def _flush_every(self):
        while not self._closed:
            time.sleep(self.FLUSH_S)
            self.flush()

    def close(self):
        self.flush()
        self._closed = True
        super().close()


def flush() -> None:
    """Write what the log handlers gathered (before a process ends without running atexit)."""
    for handler in logging.getLogger().handlers:
        handler.flush()


def flush_on_exit(signum: int) -> None:
    """A process that `signum` ends (SIGTERM from systemd or a supervisor) writes the lines it gathered,
    then ends by that signal as it would have."""
    def flush_then_end(_signum, _frame):
        flush()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    signal.signal(signum, flush_then_end)


def configure(stream=None, level: str | None = None) -> logging.Handler:
    """Once per process (a second call replaces the first handler): the root logger writes to stderr, from
    the log level setting (kiosk/config.py LOG_LEVEL: INFO; WARNING drops the request and sync lines)."""
    from kiosk.config import UnsafeConfig, value

    try:
        level = level or value("LOG_LEVEL")
    except UnsafeConfig as exc:  # the app's start names the variable again and stops; until then, INFO
        level = "INFO"
        logging.getLogger(__name__).warning("%s", exc)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_kiosk", False):
            root.removeHandler(handler)
            handler.close()
    handler = logging.StreamHandler(stream) if stream else _Stderr()
    handler._kiosk = True
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(MaskingFormatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth" at every burst
    return handler


def request_id_from(header: str | None) -> str:
    """The caller's id when it is a plain token (a proxy's or a terminal's), else a new one."""
    if header and _REQUEST_ID.match(header) and not _DIGITS.search(header):
        return header
    # Unique enough to find a request's lines, and no system call (os.urandom is one): see _Stderr.
    return f"{random.getrandbits(64):016x}"


def init_app(app) -> None:
    """A request id for every request (from X-Request-ID, else new), returned in the response, and one
    log line per request: method, path without its query (a search may hold a name), status, time."""

    @app.before_request
    def _start():
        g.request_id = request_id_from(request.headers.get("X-Request-ID"))
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response):
        request_id = g.get("request_id") or request_id_from(None)
        response.headers["X-Request-ID"] = request_id
        if request.endpoint != "static":
            elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
            request_log.info("%s %s %s %.0fms", request.method, request.path, response.status_code, elapsed_ms,
                             extra={"request_id": request_id})
        return response
