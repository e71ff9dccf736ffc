"""Where the kiosk keeps its files (scans today), behind one small interface.

A store keeps named files in *areas* (one per kind of file, e.g. "documents"). Two stores ship:

- `folder` (a terminal's and standalone's default): files under the instance folder, `<instance>/<area>/`,
  0600 files in 0700 folders, never under static/;
- `database` (the centre's default): blobs in the `stored_files` table, so every centre machine behind the
  load balancer reads the same files and a PostgreSQL backup holds them.

KIOSK_FILE_STORE chooses (checked at start, kiosk/config.py). A file follows the transaction of the row that
names it: `put` and `remove` take effect when the session commits and not at all when it rolls back
(see `lifecycle`). `kiosk storage check` finds files without rows and rows without files.

Another store (an S3-compatible bucket, say) is one more class with the methods of `FileStore`: `read`,
`names`, `delete_now`, plus `put`/`remove` that join the session's transaction. For a store outside the
database that means what the folder store does: write under a temporary key now, copy/rename it into place
in `lifecycle.after_commit`, delete the temporary on rollback. Add it to STORES and FILE_STORES in config.
None ships here because no such server could be tested.
"""
import re
from typing import Protocol

from flask import current_app

from .models import InstallationSecret, StoredFile  # noqa: F401  (their tables are part of the schema)

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,100}(\.[a-z0-9]{1,8})?")  # dot names are the folder's temporaries
AREAS = ("documents",)


class FileStore(Protocol):
    area: str

    def read(self, name: str) -> bytes | None:
        """The file's bytes, or None when there is no such file."""

    def put(self, session, name: str, data: bytes) -> None:
        """Keep `data` as `name` once `session` commits; nothing is left if it rolls back."""

    def remove(self, session, name: str) -> None:
        """Remove `name` once `session` commits."""

    def names(self) -> set[str]:
        """Every file kept in this area."""

    def delete_now(self, name: str) -> None:
        """Remove at once, outside any transaction (an orphan found by `kiosk storage check`)."""


def check_name(name: str) -> str:
    if not NAME.fullmatch(name or ""):
        raise ValueError(f"{name!r} is not a stored file's name")
    return name


def store(area: str, app=None) -> FileStore:
    """The configured store for `area` of `app` (the current app by default)."""
    from .database import DatabaseStore
    from .folder import FolderStore

    app = app or current_app
    if area not in AREAS:
        raise ValueError(f"no file area {area!r}")
    kind = app.config["FILE_STORE"]
    return DatabaseStore(area) if kind == "database" else FolderStore(area, app.instance_path)
