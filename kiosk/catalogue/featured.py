"""The most used procedures, shown as large tiles above the catalogue; the order is data a guide can change."""
import os
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from kiosk.core import clock

DEFAULT_FILE = Path(__file__).parent / "featured.yaml"
FILE_NAME = "featured.yaml"  # in the instance folder: the ward's own order, read instead of the default
CHECK_EVERY = timedelta(seconds=1)
_cache: dict[Path, tuple[float, list[str]]] = {}
_checked: dict[str, tuple[datetime, tuple]] = {}  # instance folder -> (when looked at, its version)


def featured_file(instance_path: str | Path) -> Path:
    local = Path(instance_path) / FILE_NAME
    return local if local.is_file() else DEFAULT_FILE


def read_codes(path: Path) -> list[str]:
    """The codes in a featured file, read again only when the file changes (a guide may edit it any time)."""
    mtime = path.stat().st_mtime
    cached = _cache.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    codes = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        raise ValueError(f"{path}: must be a list of procedure codes")
    _cache[path] = (mtime, codes)
    return codes


def featured_version(instance_path: str | Path) -> tuple:
    """Which featured file is read, and when it last changed: a page showing the tiles depends on it.
    Looked at once a second at most (CHECK_EVERY): a page served from memory then makes no system call of
    its own; a stat on every catalogue page let the server's other threads take the GIL, and cost the page
    a tenth of its speed (`kiosk bench pages`). A guide's edit shows within the second."""
    key = str(instance_path)
    now = clock.utcnow()
    checked = _checked.get(key)
    if checked and timedelta(0) <= now - checked[0] < CHECK_EVERY:
        return checked[1]
    local = os.path.join(key, FILE_NAME)
    try:
        version = local, os.stat(local).st_mtime_ns
    except OSError:
        version = DEFAULT_FILE, None
    _checked[key] = (now, version)
    return version


def featured(catalogue, instance_path: str | Path) -> list:
    """The featured procedures, in order; a code the catalogue no longer has is left out, not an error page."""
    try:
        codes = read_codes(featured_file(instance_path))
    except (OSError, ValueError, yaml.YAMLError):
        codes = read_codes(DEFAULT_FILE)
    return [catalogue.get(code) for code in dict.fromkeys(codes) if catalogue.get(code)]


def write_codes(instance_path: str | Path, codes: list[str]) -> Path:
    path = Path(instance_path) / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "# Procedures shown first on the kiosk's catalogue, in this order (`kiosk catalogue featured`).\n"
    path.write_text(header + yaml.safe_dump(list(codes), allow_unicode=True), encoding="utf-8")
    return path
