"""Serving over HTTP with waitress: one process on a terminal; at the centre, several processes on one
port (the kernel spreads connections among them), since one Python process uses one core."""
import contextlib
import ctypes
import logging
import os
import signal
import socket
import sys
import threading
import time

from waitress import serve as waitress_serve

from . import logs, roles

log = logging.getLogger(__name__)
RESPAWN_PAUSE_S = 1.0

# A request waiting on the centre's intake holds a thread (and no database connection): the more threads,
# the more messages arriving at once are written together. A terminal serves a handful of people.
THREADS = {"central": 64, "standalone": 16, "terminal": 16}


def serve(make_app, host: str, port: int, processes: int = 1, threads: int = THREADS["terminal"]) -> None:
    """Serve `make_app()` in this process or, with several, in `processes` worker processes watched by this
    one, which starts another in place of any that dies (even by SIGKILL). Each worker makes its own app
    (and database connections) after the fork. Background work (purge, text messages, sync) runs in the
    first worker only."""
    logs.configure()
    socket.create_server((host, port)).close()  # a port already taken fails here, not in a worker
    _few_memory_arenas()
    if processes == 1:
        logs.flush_on_exit(signal.SIGTERM)
        app = make_app()
        _background(app)
        _waitress(app, _listener(host, port, 1), threads)
        return
    listeners = [_listener(host, port, processes) for _ in range(processes)]
    _supervise(make_app, listeners, threads)


def _background(app) -> None:
    roles.start_jobs(app)  # the role's background jobs (kiosk/roles.py)


def _supervise(make_app, listeners: list[socket.socket], threads: int) -> None:
    """Keep one worker per listener. The listeners stay open here, so connections the kernel deals to a
    worker that just died wait in its socket's backlog for the worker that replaces it."""
    workers = {_fork_worker(make_app, listeners, index, threads): index for index in range(len(listeners))}
    started = {index: time.monotonic() for index in workers.values()}

    def stop(_signum, _frame):
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while True:
        pid, status = os.wait()
        index = workers.pop(pid, None)
        if index is None:
            continue
        log.error("worker %s (pid %s) ended (%s); starting another", index, pid, _how(status))
        if time.monotonic() - started[index] < RESPAWN_PAUSE_S:
            time.sleep(RESPAWN_PAUSE_S)  # one that dies at once (a bad setting) must not spin the CPU
        started[index] = time.monotonic()
        workers[_fork_worker(make_app, listeners, index, threads)] = index


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def _listener(host: str, port: int, processes: int) -> socket.socket:
    """With several processes, each has a listening socket of its own on the same port, and the kernel
    deals new connections out evenly. From one shared socket, whichever process happened to be awake
    would accept a whole burst of them, and terminals keep their connections open: one process would
    serve nearly every terminal while the others idled. All are made before any process starts serving,
    so that connections dealt to a process still starting wait for it."""
    return socket.create_server((host, port), backlog=2048, reuse_port=processes > 1)


def _fork_worker(make_app, listeners: list[socket.socket], index: int, threads: int) -> int:
    pid = os.fork()
    if pid:
        return pid
    logs.flush_on_exit(signal.SIGTERM)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    _exit_with_parent(os.getppid())
    for other in listeners[:index] + listeners[index + 1:]:
        other.close()
    try:
        app = make_app()
        if index == 0:
            _background(app)
        _waitress(app, listeners[index], threads)
    except BaseException:
        log.exception("worker %s failed", index)
    os._exit(1)


def _waitress(app, listener, threads: int) -> None:
    # Terminals keep their connections open between calls: a city's worth must fit (waitress allows 100),
    # and more than select() can watch (poll() has no such limit). A body declaring more than the app
    # accepts is refused (413) from its headers, before waitress buffers it.
    limit = app.config.get("MAX_CONTENT_LENGTH")
    bounded = {"max_request_body_size": limit + 1} if limit else {}
    waitress_serve(app, sockets=[listener], threads=threads, connection_limit=1000, asyncore_use_poll=True,
                   ident="kiosk", **bounded)


def _few_memory_arenas() -> None:
    """glibc gives threads that allocate at once arenas of their own, up to eight per core, and memory freed
    in them is rarely given back: a threaded server stays ~13 MB bigger after a busy hour. Two arenas keep a
    terminal within its memory budget (DESIGN §11); the GIL serialises Python's allocations anyway."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return  # not glibc: its own allocator, its own habits
    libc.mallopt(-8, 2)  # M_ARENA_MAX


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent died (even by SIGKILL) must not keep serving on its own."""
    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        logs.flush()
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
