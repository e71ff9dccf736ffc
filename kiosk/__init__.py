"""Ward kiosk: file administrative procedures at a ward's internet access point."""
__version__ = "0.2.0"  # the one place the version is written: setup.cfg reads it, CHANGELOG.md explains it

from .app import create_app  # noqa: E402  (after the version, which the app's modules read)

__all__ = ["__version__", "create_app"]
