"""A server in a subprocess for the benchmarks, and the kiosk as the `kiosk` command runs it there."""
import os
import subprocess
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from .loopback import free_port, wait_for

# The `kiosk` command, run by this interpreter: the one whose packages the benchmark itself uses.
KIOSK = [sys.executable, "-c", "from kiosk.cli import main; main(prog_name='kiosk')"]


def kiosk_env(instance: Path, **settings) -> dict:
    """The environment of a kiosk kept in `instance`, with these KIOSK_* settings and no others: a setting
    of the shell that runs the benchmark (a database URL, a role) must not point it at a real installation."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("KIOSK_")}
    env.update({f"KIOSK_{name}": str(value) for name, value in settings.items()})
    env["KIOSK_INSTANCE_PATH"] = str(instance)
    return env


@contextmanager
def serving(command: Callable[[int], list[str]], env: dict | None = None, stderr=None, wait_s: float = 30):
    """`command(port)` serving on a free port until the block ends; yields its process and the port.
    What it prints on stdout (the demo's banner and sign-in) is dropped; its log (stderr) shows, or goes
    to the file `stderr` when given. `wait_s`: how long it may take to start listening."""
    port = free_port()
    process = subprocess.Popen(command(port), env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        wait_for(port, wait_s)
        yield process, port
    finally:
        process.terminate()  # `serve` exits on SIGTERM
        process.wait(timeout=30)
