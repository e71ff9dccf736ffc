"""A served process's log (kiosk/logs.py _Stderr): lines gathered and written together, a warning at once,
and nothing gathered is lost when the process ends, by exit, by SIGTERM or in a forked worker."""
import signal
import subprocess
import sys
import textwrap

SET_UP = """
import logging, os, signal, sys, time
from kiosk import logs
logs.configure(level="INFO")
log = logging.getLogger("kiosk.test")
"""


def _run(script: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SET_UP + textwrap.dedent(script)], capture_output=True, text=True,
                          timeout=60)


def test_lines_are_gathered_then_written_together_and_a_warning_at_once():
    result = _run("""
        log.info("first request line")
        os.write(2, b"-- nothing written yet --\\n")
        log.warning("a warning")
        os.write(2, b"-- after the warning --\\n")
        log.info("second request line")
        os.write(2, b"-- still gathered --\\n")
        time.sleep(logs._Stderr.FLUSH_S * 2)
        os.write(2, b"-- flushed by its thread --\\n")
        os._exit(0)  # no atexit: only the flushing thread can have written the second line
    """)
    lines = [line.split(": ", 1)[-1] if "kiosk.test" in line else line for line in result.stderr.splitlines()]
    assert lines == ["-- nothing written yet --", "first request line", "a warning", "-- after the warning --",
                     "-- still gathered --", "second request line", "-- flushed by its thread --"], result.stderr


def test_what_was_gathered_is_written_at_exit_and_at_sigterm():
    at_exit = _run("""
        log.info("gathered before exit")
        sys.exit(0)
    """)
    assert "kiosk.test: gathered before exit" in at_exit.stderr
    at_sigterm = _run("""
        logs.flush_on_exit(signal.SIGTERM)
        log.info("gathered before SIGTERM")
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(30)
    """)
    assert at_sigterm.returncode == -signal.SIGTERM  # it still ends by the signal, as it would have
    assert "kiosk.test: gathered before SIGTERM" in at_sigterm.stderr


def test_a_forked_worker_writes_its_own_lines_and_not_its_parents_again():
    result = _run("""
        log.info("the parent's line")
        pid = os.fork()
        if pid == 0:
            log.info("the worker's line")
            time.sleep(logs._Stderr.FLUSH_S * 3)
            os._exit(0)  # no atexit in a worker: its own flushing thread wrote the line
        os.waitpid(pid, 0)
    """)
    assert result.stderr.count("the parent's line") == 1, result.stderr
    assert result.stderr.count("the worker's line") == 1, result.stderr
