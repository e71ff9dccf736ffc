"""Ward names for figures: people read "Phường Ba Đình", not "09556"."""
from functools import cache
from pathlib import Path

import yaml
from flask import current_app

WARDS_FILE = Path(__file__).with_name("wards.yaml")


@cache
def _names() -> dict[str, str]:
    return {str(code): name for code, name in (yaml.safe_load(WARDS_FILE.read_text(encoding="utf-8")) or {}).items()}


def ward_name(code: str | None) -> str | None:
    """The ward's name: this server's own from its configuration, else from wards.yaml, else the code."""
    if not code:
        return code
    config = current_app.config
    if code == config.get("WARD_CODE") and config.get("WARD_NAME"):
        return config["WARD_NAME"]
    return _names().get(code, code)
