"""The `folder` store: files under the instance folder, the server user's alone (0600 in 0700 folders)."""
import contextlib
import os
import secrets
from datetime import UTC, timedelta
from pathlib import Path

from kiosk.core.clock import utcnow
from kiosk.security.files import PRIVATE_FILE, private_dir

from . import check_name, lifecycle

STALE_TEMPORARY = timedelta(hours=1)  # no transaction lasts this long: its temporary is left by a crash


class FolderStore:
    def __init__(self, area: str, instance_path: str):
        self.area = area
        self.folder = Path(instance_path) / area  # outside static/: served only through signed-in routes

    def path(self, name: str) -> Path:
        return self.folder / check_name(name)

    def read(self, name: str) -> bytes | None:
        try:
            return self.path(name).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, session, name: str, data: bytes) -> None:
        path = self.path(name)
        private_dir(self.folder)
        temporary = self.folder / f".{name}.{secrets.token_hex(6)}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())  # on disk before the row that names it is committed
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            raise
        lifecycle.remember(session, "put", path, temporary)

    def remove(self, session, name: str) -> None:
        lifecycle.remember(session, "remove", self.path(name))

    def names(self) -> set[str]:
        if not self.folder.is_dir():
            return set()
        return {path.name for path in self.folder.iterdir() if path.is_file() and not path.name.startswith(".")}

    def stale_temporaries(self) -> set[str]:
        """Temporaries no transaction will finish (a process killed mid-request)."""
        if not self.folder.is_dir():
            return set()
        before = (utcnow() - STALE_TEMPORARY).replace(tzinfo=UTC).timestamp()
        return {path.name for path in self.folder.glob(".*.tmp") if path.stat().st_mtime < before}

    def delete_now(self, name: str) -> None:
        target = self.folder / name if name.startswith(".") and name.endswith(".tmp") else self.path(name)
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
