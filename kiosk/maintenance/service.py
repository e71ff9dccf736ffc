"""systemd units for a terminal or a centre, from the templates shipped in kiosk/deploy/."""
import os
import shutil
import sys
from pathlib import Path
from string import Template

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
COMMON = ("kiosk-backup.service", "kiosk-backup.timer", "kiosk-purge.service", "kiosk-purge.timer")


def kiosk_command() -> str:
    """The `kiosk` of this installation (its venv's), as an absolute path systemd can run."""
    beside = Path(sys.executable).with_name("kiosk")
    return str(beside if beside.exists() else Path(shutil.which("kiosk") or "/usr/local/bin/kiosk").resolve())


def units(role: str, host: str, port: int, processes: int) -> dict[str, str]:
    values = {"kiosk": kiosk_command(), "host": host, "port": port, "processes": processes, "role": role}
    names = (f"kiosk-{role}.service", *COMMON)
    return {name: Template((DEPLOY / name).read_text()).safe_substitute(values) for name in names}


def install(role: str, dest: Path, host: str = "127.0.0.1", port: int = 8080, processes: int | None = None) -> list[Path]:
    processes = processes or (os.cpu_count() or 1) if role == "central" else 1
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in units(role, host, port, processes).items():
        path = dest / name
        path.write_text(text)
        path.chmod(0o644)
        written.append(path)
    return written


def steps(role: str, written: list[Path]) -> list[str]:
    main = f"kiosk-{role}.service"
    return [
        "useradd --system --home-dir /var/lib/kiosk --shell /usr/sbin/nologin kiosk",
        f"install -d -m 700 /etc/kiosk && install -m 600 {DEPLOY / 'kiosk.env.example'} /etc/kiosk/kiosk.env",
        "  then edit /etc/kiosk/kiosk.env (KIOSK_SECRET_KEY and the role's settings)",
        f"sudo -u kiosk sh -c 'set -a; . /etc/kiosk/kiosk.env; KIOSK_ROLE={role} "
        f"KIOSK_INSTANCE_PATH=/var/lib/kiosk {kiosk_command()} init'   (after install -d -o kiosk -m 700 /var/lib/kiosk)",
        "systemctl daemon-reload",
        f"systemctl enable --now {main} kiosk-backup.timer kiosk-purge.timer",
        f"sudo -u kiosk sh -c 'set -a; . /etc/kiosk/kiosk.env; KIOSK_ROLE={role} "
        f"KIOSK_INSTANCE_PATH=/var/lib/kiosk {kiosk_command()} doctor'",
        f"journalctl -u {main} -f   shows its log",
    ]
