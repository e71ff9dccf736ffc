"""Running an installation: logs, backups and restores, upgrades, the doctor, service files, and what the
centre knows of each terminal's health."""


def init_app(app) -> None:
    from kiosk import logs

    from . import models  # noqa: F401  (its tables are part of the schema)
    from .restore import init_app as restore_init_app

    logs.init_app(app)
    restore_init_app(app)
