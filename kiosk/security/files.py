"""Files holding personal data (the SQLite database, scans, the SMS log, backups, keys) are readable by the
server's user only: 0600 files in 0700 folders. A umask set when the app is made covers what any part of
the server (or a backup it runs) creates; the helpers here also set the mode explicitly, so a file is
private whatever umask the process was started with."""
import contextlib
import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
UMASK = 0o077


def init_app(app) -> None:
    os.umask(UMASK)
    private_dir(Path(app.instance_path))
    database = sqlite_path(app.config["SQLALCHEMY_DATABASE_URI"])
    if database is not None:
        private_dir(database.parent, tighten=database.parent == Path(app.instance_path))
        private_file(database)


def sqlite_path(uri: str) -> Path | None:
    url = make_url(uri)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    # SQLite's URI form (`sqlite:///file:/path?mode=ro&uri=true`) names the same file
    return Path(url.database.removeprefix("file:") if url.query.get("uri") else url.database).resolve()


def private_dir(path: Path, tighten: bool = True) -> Path:
    """Make `path` (0700); an existing folder of ours is tightened unless told not to (a shared parent)."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if tighten:
        _tighten(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty (0600) if missing, else tighten it: SQLite then makes its -wal and -shm alike."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    _tighten(path, PRIVATE_FILE)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all (a temporary file renamed over it), 0600 from the first byte."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def open_private_append(path: Path):
    """A log file opened for appending text, created 0600."""
    private_dir(path.parent, tighten=False)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE)
    _tighten(path, PRIVATE_FILE)
    return os.fdopen(fd, "a", encoding="utf-8")


def read_or_create_secret(path: Path, size: int = 32) -> bytes:
    """A random secret kept in `path` (0600), made on first use. Several processes starting at once agree:
    the file appears whole (linked from a finished temporary file), and whoever comes second reads it."""
    if not path.exists():
        private_dir(path.parent)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(size).hex().encode())
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            os.unlink(temporary)
    return bytes.fromhex(path.read_text().strip())


def _tighten(path: Path, mode: int) -> None:
    """chmod a file or folder this user owns (one made by an operator for another user is left alone)."""
    with contextlib.suppress(FileNotFoundError, PermissionError):
        info = path.stat()
        if info.st_uid == os.getuid() and info.st_mode & 0o777 != mode:
            path.chmod(mode)
