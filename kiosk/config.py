"""Settings per deployment role, read from KIOSK_* environment variables.

`production` is the default so that a forgotten variable fails loudly instead of
running with a guessable secret; the demo and the tests choose their config explicitly.
"""
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ROLES = ("standalone", "terminal", "central")


def env(name, default=None, cast=str):
    value = os.environ.get(f"KIOSK_{name}")
    return default if value in (None, "") else cast(value)


class UnsafeConfig(RuntimeError):
    """Raised when a production setting would leave residents' data unprotected."""


# --- The terminal's printer (one block, one check) ---------------------------------------------
PAPERS = ("a5", "a4", "roll80")  # A5/A4 sheets, or an 80 mm thermal roll cut to each slip's length


class PrintingConfig:
    PRINTER = None  # the CUPS queue of the terminal's own printer; unset: slips open on screen
    RECEIPT_PAPER = "a5"  # the paper of every slip, one of PAPERS (KIOSK_PAPER or KIOSK_RECEIPT_PAPER)


def printing_from_environment():
    found = {"PRINTER": env("PRINTER"), "RECEIPT_PAPER": env("PAPER") or env("RECEIPT_PAPER")}
    return {k: v for k, v in found.items() if v is not None}


def check_printing(config):
    """A paper the printing code does not know would fail every slip later: refuse it at start."""
    paper = config.get("RECEIPT_PAPER")
    if paper not in PAPERS:
        raise UnsafeConfig(f"KIOSK_PAPER (or KIOSK_RECEIPT_PAPER) is {paper!r}; allowed: {', '.join(PAPERS)}")
    if config.get("PRINTER") and config.get("ROLE") == "central":
        raise UnsafeConfig("KIOSK_PRINTER is the printer beside a terminal; the centre prints nothing")
# --- end of the printer's block -----------------------------------------------------------------


class BaseConfig(PrintingConfig):
    ROLE = "standalone"
    SECRET_KEY = None
    INSTANCE_PATH = str(PROJECT_ROOT / "instance")
    SQLALCHEMY_DATABASE_URI = None  # derived from INSTANCE_PATH when unset
    WTF_CSRF_TIME_LIMIT = None  # a form left open at the counter must still submit
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Strict"
    SESSION_COOKIE_NAME = "kiosk"
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")
    MAX_CONTENT_LENGTH = 24 * 1024 * 1024  # above SCAN_MAX_BYTES, so a big scan gets its own message

    # Where this terminal stands: data, because wards merge and are renamed.
    WARD_CODE = "09556"
    WARD_NAME = "Phường Ba Đình"
    WARD_ADDRESS = "Bộ phận một cửa, UBND phường Ba Đình, Hà Nội"
    TERMINAL_NO = 1
    PUBLIC_URL = None  # base of the lookup URL in receipt QR codes; the request host when unset
    SIGNING_KEYS = None  # "kid:secret,kid:secret"; the first signs. Derived from SECRET_KEY when unset

    CENTRAL_URL = None  # a terminal's central server, e.g. https://dvc.example/ (role "terminal")
    TERMINAL_KEY = None  # printed by `kiosk terminals add` on the centre
    SYNC_INTERVAL_S = 5
    BANK_BIN = None  # the ward's bank (six-digit BIN) and account for VietQR fee transfers
    BANK_ACCOUNT = None
    SMS_URL_TEMPLATE = None  # e.g. https://sms.example/send?to={phone}&text={message}; else instance/sms.log

    RESIDENT_IDLE_WARNING_S = 180
    RESIDENT_IDLE_WIPE_S = 240
    STAFF_IDLE_S = 15 * 60
    STAFF_ABSOLUTE_S = 8 * 3600
    SIGN_IN_MAX_FAILURES = 5
    SIGN_IN_WINDOW_S = 15 * 60
    LOOKUP_MAX_FAILURES = 5
    LOOKUP_WINDOW_S = 15 * 60
    DRAFT_DAYS = 7
    SCAN_MAX_BYTES = 8 * 1024 * 1024


class ProductionConfig(BaseConfig):
    @classmethod
    def check(cls, config):
        key = config.get("SECRET_KEY")
        if not key or len(key) < 32 or key in {"dev", "change-me", "secret"}:
            raise UnsafeConfig("KIOSK_SECRET_KEY must be set to a random value of at least 32 characters")
        if config.get("ROLE") == "terminal" and not (config.get("CENTRAL_URL") and config.get("TERMINAL_KEY")):
            raise UnsafeConfig("a terminal needs KIOSK_CENTRAL_URL and KIOSK_TERMINAL_KEY (from `kiosk terminals add`)")


class DevelopmentConfig(BaseConfig):
    @classmethod
    def check(cls, config):
        if not config.get("SECRET_KEY"):
            raise UnsafeConfig("a SECRET_KEY is required (kiosk demo makes one in the instance folder)")


class TestingConfig(DevelopmentConfig):
    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production-use"
    WTF_CSRF_ENABLED = True


CONFIGS = {"production": ProductionConfig, "development": DevelopmentConfig, "testing": TestingConfig}


def from_environment():
    """The KIOSK_* variables that override the class defaults."""
    casts = {"TERMINAL_NO": int, "DRAFT_DAYS": int, "RESIDENT_IDLE_WARNING_S": int, "RESIDENT_IDLE_WIPE_S": int,
             "STAFF_IDLE_S": int, "STAFF_ABSOLUTE_S": int}
    names = ["ROLE", "SECRET_KEY", "INSTANCE_PATH", "WARD_CODE", "WARD_NAME", "WARD_ADDRESS",
             "PUBLIC_URL", "SIGNING_KEYS", "RECEIPT_PAPER", "CENTRAL_URL", "TERMINAL_KEY", "SMS_URL_TEMPLATE", "BANK_BIN", "BANK_ACCOUNT", *casts]
    found = {name: env(name, cast=casts.get(name, str)) for name in names}
    found["SQLALCHEMY_DATABASE_URI"] = env("DATABASE_URL")
    return {k: v for k, v in found.items() if v is not None}
