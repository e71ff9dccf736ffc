"""Where the kiosk finds what it ships (templates, static files, migrations) and where it keeps its data.

The repository keeps `templates/`, `static/` and `migrations/` at its top level; a built package carries
copies of them in `kiosk/_shipped/` (setup.py copies them at build time). So an installed kiosk reads its
own copies, and a checkout (an editable install included) reads the folders being edited.
"""
import os
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
SHIPPED_ROOT = PACKAGE_ROOT / "_shipped"
CHECKOUT_ROOT = PACKAGE_ROOT.parent
SHIPPED = ("templates", "static", "migrations")
SERVICE_DATA = Path("/var/lib/kiosk")  # the systemd units' data folder (they also set KIOSK_INSTANCE_PATH)


def shipped(name: str) -> Path:
    """The folder `name` (one of SHIPPED): the package's copy when installed, else the checkout's."""
    if name not in SHIPPED:
        raise ValueError(f"{name!r} is not shipped with the kiosk")
    inside = SHIPPED_ROOT / name
    return inside if inside.is_dir() else CHECKOUT_ROOT / name


def running_from_checkout() -> bool:
    """True when the code runs from a source tree (git clone, editable install), not from a built package."""
    return not SHIPPED_ROOT.is_dir() and (CHECKOUT_ROOT / "templates").is_dir() and (CHECKOUT_ROOT / "setup.cfg").is_file()


def default_instance_path() -> Path:
    """The data folder (database, secret key, scans) when KIOSK_INSTANCE_PATH is not set: a checkout's
    `instance/` (what a developer expects beside the code); else `/var/lib/kiosk` when this user may write
    there (a service); else the user's data folder. Never inside an installed package, which an upgrade
    replaces."""
    if running_from_checkout():
        return CHECKOUT_ROOT / "instance"
    if SERVICE_DATA.is_dir() and os.access(SERVICE_DATA, os.W_OK | os.X_OK):
        return SERVICE_DATA
    from platformdirs import user_data_path

    return user_data_path("kiosk", appauthor=False)
