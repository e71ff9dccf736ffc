"""Running an installation: logs, backups and restores, upgrades, the doctor, service files, and what the
centre knows of each terminal's health."""
import os


def setting(app_or_config, name: str, default, cast=str):
    """An operations setting: the app's config, else KIOSK_<name>, else `default` (kept out of
    kiosk/config.py so that the settings of running an installation stay together)."""
    config = getattr(app_or_config, "config", app_or_config)
    value = config.get(name)
    if value in (None, ""):
        value = os.environ.get(f"KIOSK_{name}")
    return default if value in (None, "") else cast(value)


def init_app(app) -> None:
    from kiosk import logs

    from . import (
        models,  # noqa: F401  (its tables are part of the schema)
        urls,
    )
    from .restore import init_app as restore_init_app

    logs.init_app(app)
    restore_init_app(app)
    urls.init_app(app)
