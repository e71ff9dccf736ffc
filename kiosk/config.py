"""Settings per deployment role, read from KIOSK_* environment variables.

`production` is the default so that a forgotten variable fails loudly instead of
running with a guessable secret; the demo and the tests choose their config explicitly.
"""
import os

from .paths import default_instance_path

ROLES = ("standalone", "terminal", "central")
LANGUAGES = ("vi", "en")  # Vietnamese first


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
    INSTANCE_PATH = str(default_instance_path())  # KIOSK_INSTANCE_PATH overrides; see kiosk/paths.py
    SQLALCHEMY_DATABASE_URI = None  # derived from INSTANCE_PATH when unset
    WTF_CSRF_TIME_LIMIT = None  # a form left open at the counter must still submit
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Strict"
    SESSION_COOKIE_NAME = "kiosk"
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = LANGUAGES
    MAX_CONTENT_LENGTH = 24 * 1024 * 1024  # above SCAN_MAX_BYTES, so a big scan gets its own message

    # Where this terminal stands: data, because wards merge and are renamed.
    WARD_CODE = "09556"
    WARD_NAME = "Phường Ba Đình"
    WARD_ADDRESS = "Bộ phận một cửa, UBND phường Ba Đình, Hà Nội"
    TERMINAL_NO = 1
    # Official slips' header (Thông tư 01/2018/TT-VPCP): the governing body and the issuing unit on the
    # left, the place on the date line. The authority is "UBND " + WARD_NAME when unset.
    ISSUING_AUTHORITY = None
    ISSUING_UNIT = "Bộ phận Một cửa"
    SLIP_PLACE = "Hà Nội"
    # The fee receipt's form symbol (mẫu số) and series (ký hiệu), as registered with the tax office.
    FEE_RECEIPT_FORM = "01BLP0-001"
    FEE_RECEIPT_SERIES = "BD-26P"
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
    LOOKUP_TERMINAL_MAX_FAILURES = 30  # wrong guesses from every visitor of this terminal together, per window
    DRAFT_DAYS = 7
    SCAN_MAX_BYTES = 8 * 1024 * 1024
    PROXY_HOPS = 0  # reverse proxies in front whose X-Forwarded-* headers are trusted; none by default
    HTTPS_ROLES = ()  # roles assumed behind HTTPS whatever PUBLIC_URL says (production: the centre)


class ProductionConfig(BaseConfig):
    HTTPS_ROLES = ("central",)

    @classmethod
    def check(cls, config):
        if config.get("ROLE") == "terminal" and not (config.get("CENTRAL_URL") and config.get("TERMINAL_KEY")):
            raise UnsafeConfig("a terminal needs KIOSK_CENTRAL_URL and KIOSK_TERMINAL_KEY (from `kiosk terminals add`)")
        check_secrets(config)
        check_public_url(config)


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
             "STAFF_IDLE_S": int, "STAFF_ABSOLUTE_S": int, "PROXY_HOPS": int}
    names = ["ROLE", "SECRET_KEY", "INSTANCE_PATH", "WARD_CODE", "WARD_NAME", "WARD_ADDRESS",
             "PUBLIC_URL", "SIGNING_KEYS", "RECEIPT_PAPER", "CENTRAL_URL", "TERMINAL_KEY", "SMS_URL_TEMPLATE", "BANK_BIN", "BANK_ACCOUNT",
             "ISSUING_AUTHORITY", "ISSUING_UNIT", "SLIP_PLACE", "FEE_RECEIPT_FORM", "FEE_RECEIPT_SERIES", *casts]
    found = {name: env(name, cast=casts.get(name, str)) for name in names}
    found["SQLALCHEMY_DATABASE_URI"] = env("DATABASE_URL")
    return {k: v for k, v in found.items() if v is not None}


# --- Secrets, HTTPS and the public URL (checked in production) ---------------------------------------------

MIN_SECRET_LENGTH = 32
MIN_DISTINCT_CHARACTERS = 10
PLACEHOLDER_WORDS = ("changeme", "change-me", "change_me", "secret", "password", "example", "default")
MAKE_ONE = "make one with `kiosk keys new{}`"


def secret_problem(value) -> str | None:
    """Why `value` is not a key worth the name, or None: long, varied, not a placeholder, not a repeated pattern."""
    value = value or ""
    if len(value) < MIN_SECRET_LENGTH:
        return f"is shorter than {MIN_SECRET_LENGTH} characters"
    if len(set(value)) < MIN_DISTINCT_CHARACTERS:
        return f"uses fewer than {MIN_DISTINCT_CHARACTERS} different characters"
    if (value + value).find(value, 1) < len(value):
        return "is a short pattern repeated"
    if any(word in value.lower() for word in PLACEHOLDER_WORDS):
        return "holds a placeholder word"
    return None


def check_secrets(config) -> None:
    """Every key production is given must be a real one: SECRET_KEY, each of SIGNING_KEYS, TERMINAL_KEY."""
    problem = secret_problem(config.get("SECRET_KEY"))
    if problem:
        raise UnsafeConfig(f"KIOSK_SECRET_KEY {problem}: {MAKE_ONE.format('')}")
    if config.get("SIGNING_KEYS"):
        kids = set()
        for item in str(config["SIGNING_KEYS"]).split(","):
            kid, _, secret = item.strip().partition(":")
            if not kid or not secret or kid in kids:
                raise UnsafeConfig("KIOSK_SIGNING_KEYS is `id:key,id:key` with distinct ids: "
                                  + MAKE_ONE.format(" --id <id>"))
            kids.add(kid)
            problem = secret_problem(secret)
            if problem:
                raise UnsafeConfig(f"KIOSK_SIGNING_KEYS: the key `{kid}` {problem}: {MAKE_ONE.format(' --id ' + kid)}")
    if config.get("TERMINAL_KEY"):
        problem = secret_problem(config["TERMINAL_KEY"])
        if problem:
            raise UnsafeConfig(f"KIOSK_TERMINAL_KEY {problem}: use the key `kiosk terminals add` printed on the centre")


def check_public_url(config) -> None:
    """Receipt QR links are built from PUBLIC_URL, never from a request's Host header, which anyone can set."""
    url = config.get("PUBLIC_URL") or ""
    if not url:
        raise UnsafeConfig("KIOSK_PUBLIC_URL must be set (e.g. https://motcua.example.vn), the address residents "
                           "reach this server at: receipt QR codes link there")
    if not (url.startswith(("https://", "http://")) and "?" not in url and "#" not in url and len(url.split("/")[2]) > 0):
        raise UnsafeConfig("KIOSK_PUBLIC_URL must be an http(s) address without query, e.g. https://motcua.example.vn")


def behind_https(config) -> bool:
    """The centre in production, and any server whose public address is https."""
    return (str(config.get("PUBLIC_URL") or "").startswith("https://")
            or config.get("ROLE") in (config.get("HTTPS_ROLES") or ()))
