"""`kiosk serve --processes N`: the centre's processes share one port and its connections, and leave together."""
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time

import requests


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(child) for child in found]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A dead child not yet reaped by anyone is a zombie: it serves nothing.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(")")[-1].split()[0] != "Z"


def test_the_centre_serves_from_several_processes_on_one_port(tmp_path):
    env = {**os.environ, "KIOSK_ROLE": "central", "KIOSK_SECRET_KEY": secrets.token_urlsafe(48),
           "KIOSK_PUBLIC_URL": "https://centre.example.vn", "KIOSK_INSTANCE_PATH": str(tmp_path),
           "KIOSK_DATABASE_URL": f"sqlite:///{tmp_path / 'centre.db'}"}
    kiosk = [shutil.which("kiosk")]  # the installed command, as an operator runs it
    subprocess.run([*kiosk, "init"], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen([*kiosk, "serve", "--port", str(port), "--processes", "3"], env=env)
    try:
        deadline = time.time() + 30
        while True:
            try:
                answers = [requests.get(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=5) for _ in range(20)]
                break
            except requests.ConnectionError:
                assert time.time() < deadline, "the centre did not start"
                time.sleep(0.2)
        assert all(answer.status_code == 200 for answer in answers)
        workers = _children(server.pid)
        assert len(workers) == 3  # watched by the first process, which serves nothing itself
        _connections_are_spread(port, workers)
        workers += _a_killed_worker_is_replaced(server.pid, workers, port)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
    deadline = time.time() + 10
    while any(_alive(pid) for pid in workers) and time.time() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in workers)


def _a_killed_worker_is_replaced(parent: int, workers: list[int], port: int) -> list[int]:
    victim = workers[0]
    os.kill(victim, signal.SIGKILL)
    deadline = time.time() + 30
    while True:
        now = _children(parent)
        if victim not in now and len(now) == 3:
            break
        assert time.time() < deadline, f"no worker replaced {victim}: {now}"
        time.sleep(0.2)
    [new] = set(now) - set(workers)
    # The port answers every request meanwhile: connections dealt to the dead worker's socket wait for the new one.
    answers = [requests.get(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=10) for _ in range(30)]
    assert all(answer.status_code == 200 for answer in answers)
    return [new]


def _sockets(pid: int) -> int:
    return sum(os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:") for fd in os.listdir(f"/proc/{pid}/fd"))


def _connections_are_spread(port: int, processes: list[int]) -> None:
    """Terminals connecting all at once, each keeping its connection: every process takes a share."""
    before = [_sockets(pid) for pid in processes]
    held = [socket.create_connection(("127.0.0.1", port)) for _ in range(60)]
    try:
        for connection in held:
            connection.sendall(b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: centre\r\n\r\n")
        for connection in held:
            assert connection.recv(12).startswith(b"HTTP/1.1 200")
        taken = [_sockets(pid) - count for pid, count in zip(processes, before, strict=True)]
        assert sum(taken) == 60 and min(taken) >= 5, taken
    finally:
        for connection in held:
            connection.close()


def test_a_terminal_refuses_several_processes(tmp_path):
    env = {**os.environ, "KIOSK_ROLE": "terminal", "KIOSK_SECRET_KEY": secrets.token_urlsafe(48),
           "KIOSK_INSTANCE_PATH": str(tmp_path), "KIOSK_PUBLIC_URL": "http://127.0.0.1:8080",
           "KIOSK_CENTRAL_URL": "http://127.0.0.1:9", "KIOSK_TERMINAL_KEY": secrets.token_urlsafe(32)}
    result = subprocess.run([shutil.which("kiosk"), "serve", "--processes", "2"], env=env,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0 and "one process" in result.stderr
