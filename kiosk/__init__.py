"""Ward kiosk: file administrative procedures at a ward's internet access point."""
from .app import create_app

__all__ = ["create_app"]
