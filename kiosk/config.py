"""Settings, from one place: every KIOSK_* variable is declared here once (its name, type, default, check and
help), read and checked when the app starts, and an unusable value stops the start with a message naming the
variable. Other modules read `app.config`, or `value(name)` before there is an app; none reads KIOSK_* itself.

`production` is the default so that a forgotten variable fails loudly instead of running with a guessable
secret; the demo and the tests choose their config explicitly.
"""
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .paths import default_instance_path

ROLES = ("standalone", "terminal", "central")
LANGUAGES = ("vi", "en")  # Vietnamese first
PAPERS = ("a5", "a4", "roll80")  # A5/A4 sheets, or an 80 mm thermal roll cut to each slip's length
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
CONFIG_NAMES = ("production", "development", "testing")
FILE_STORES = ("folder", "database")  # the instance folder, or the database's stored_files table (kiosk/storage)


class UnsafeConfig(RuntimeError):
    """Raised when a setting is unusable, or would leave residents' data unprotected in production."""


# --- Types: each turns the variable's text into a value, or raises ValueError saying what it expects ---------

def text(raw: str) -> str:
    """text"""
    return raw


def whole_number(low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            number = int(str(raw).strip())
        except ValueError:
            raise ValueError(f"expected a whole number from {low} to {high}") from None
        if not low <= number <= high:
            raise ValueError(f"expected a whole number from {low} to {high}")
        return number
    parse.__doc__ = f"a whole number from {low} to {high}"
    return parse


def one_of(*choices: str, fold: Callable[[str], str] = str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = fold(str(raw).strip())
        if value not in choices:
            raise ValueError(f"allowed: {', '.join(choices)}")
        return value
    parse.__doc__ = f"one of {', '.join(choices)}"
    return parse


def digits(count: int) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = str(raw).strip()
        if not (value.isascii() and value.isdigit() and len(value) == count):
            raise ValueError(f"expected {count} digits")
        return value
    parse.__doc__ = f"{count} digits"
    return parse


def http_url(raw: str) -> str:
    """an http(s) address"""
    value = str(raw).strip()
    if not value.startswith(("http://", "https://")) or len(value.split("/")) < 3 or not value.split("/")[2]:
        raise ValueError("expected an http(s) address, e.g. https://dvc.example.vn/")
    return value


def megabytes_to_bytes(raw: str) -> int:
    """a size: bytes, or 8MB, 1.5MB, 500KB"""
    value = str(raw).strip().upper().replace(" ", "")
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024), ("B", 1)):
        if value.endswith(unit):
            value, scale = value.removesuffix(unit), factor
            break
    else:
        scale = 1
    try:
        size = int(float(value) * scale)
    except ValueError:
        raise ValueError("expected a size such as 8MB, 1.5MB or 500KB") from None
    if not 10 * 1024 <= size <= 20 * 1024 * 1024:
        raise ValueError("expected a size from 10KB to 20MB")
    return size


@dataclass(frozen=True)
class Setting:
    """One KIOSK_* setting. `key` is its name in app.config; `variables` the KIOSK_ names read, the first set
    wins (an old name kept working); `secret` keeps the value out of error messages."""
    key: str
    type: Callable[[str], Any]
    default: Any
    help: str
    variables: tuple[str, ...] = ()
    secret: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f"KIOSK_{name}" for name in (self.variables or (self.key,)))

    @property
    def label(self) -> str:
        first, *others = self.names
        return f"{first} (or {', '.join(others)})" if others else first

    def read(self, environ) -> Any:
        """The typed value of the first variable set, else `MISSING`; an unusable value is an UnsafeConfig."""
        for name in self.names:
            raw = environ.get(name)
            if raw not in (None, ""):
                return self.parse(raw, name)
        return MISSING

    def parse(self, raw, name: str | None = None) -> Any:
        try:
            return self.type(raw)
        except ValueError as exc:
            if self.secret:  # neither the value nor an error that may quote it
                raise UnsafeConfig(f"{name or self.label} is not usable: expected {self.type.__doc__}") from None
            raise UnsafeConfig(f"{name or self.label} is {raw!r}; {exc}") from None


MISSING = object()

# Every KIOSK_* setting, once. Values given to create_app() directly (tests, the demo) are checked the same way.
SETTINGS = {setting.key: setting for setting in [
    # Which server this is
    Setting("CONFIG", one_of(*CONFIG_NAMES), "production", "the settings' base: production refuses weak keys"),
    Setting("ROLE", one_of(*ROLES), "standalone", "standalone (one ward, all pages), terminal or central"),
    Setting("SECRET_KEY", text, None, "signs sessions (and the receipt links unless SIGNING_KEYS): "
            "`kiosk keys new`", secret=True),
    Setting("INSTANCE_PATH", text, str(default_instance_path()), "the data folder: database, scans, logs"),
    Setting("SQLALCHEMY_DATABASE_URI", text, None, "the database (postgresql+psycopg://…); "
            "<instance>/kiosk.db when unset", variables=("DATABASE_URL",), secret=True),
    Setting("PUBLIC_URL", text, None, "the address residents reach this server at (receipt QR codes)"),
    Setting("SIGNING_KEYS", text, None, "`id:key,id:key`, the first signs receipt links", secret=True),
    # Where this terminal stands: data, because wards merge and are renamed
    Setting("WARD_CODE", digits(5), "09556", "the ward's code (five digits) in dossier codes"),
    Setting("WARD_NAME", text, "Phường Ba Đình", "the ward's name on slips and pages"),
    Setting("CENTRE_NAME", text, "Trung tâm Phục vụ hành chính công Thành phố Hà Nội",
            "the centre's pages' name where a ward's would stand: it serves every ward"),
    Setting("WARD_ADDRESS", text, "Bộ phận một cửa, UBND phường Ba Đình, Hà Nội", "where results are collected"),
    Setting("TERMINAL_NO", whole_number(1, 99), 1, "this terminal's number in the ward, in dossier codes"),
    # Official slips' header (Thông tư 01/2018/TT-VPCP)
    Setting("ISSUING_AUTHORITY", text, None, "the governing body on slips; \"UBND \" + WARD_NAME when unset"),
    Setting("ISSUING_UNIT", text, "Bộ phận Một cửa", "the issuing unit on slips"),
    Setting("SLIP_PLACE", text, "Hà Nội", "the place on slips' date line"),
    Setting("FEE_RECEIPT_FORM", text, "01BLP0-001", "the fee receipt's form symbol (mẫu số)"),
    Setting("FEE_RECEIPT_SERIES", text, "BD-26P", "the fee receipt's series (ký hiệu)"),
    # The terminal's printer
    Setting("PRINTER", text, None, "the CUPS queue of the terminal's printer; slips open on screen when unset"),
    Setting("RECEIPT_PAPER", one_of(*PAPERS), "a5", "the paper of every slip",
            variables=("PAPER", "RECEIPT_PAPER")),
    # A terminal and its centre
    Setting("CENTRAL_URL", http_url, None, "a terminal's central server, e.g. https://dvc.example.vn/"),
    Setting("LOOKUP_URL", http_url, None, "the centre's public look-up address, as residents' phones reach it: "
            "a terminal's receipt QR codes link there; KIOSK_CENTRAL_URL when unset"),
    Setting("TERMINAL_KEY", text, None, "printed by `kiosk terminals add` on the centre", secret=True),
    Setting("BANK_BIN", digits(6), None, "the ward's bank (six-digit BIN) for VietQR fee transfers"),
    Setting("BANK_ACCOUNT", text, None, "the ward's bank account for VietQR fee transfers"),
    Setting("SMS_URL_TEMPLATE", text, None, "e.g. https://sms.example/send?to={phone}&text={message}; "
            "else <instance>/sms.log"),
    # Time limits
    Setting("DRAFT_DAYS", whole_number(1, 90), 7, "days a saved draft is kept"),
    Setting("RESIDENT_IDLE_WARNING_S", whole_number(30, 3600), 180, "seconds idle before a resident is warned"),
    Setting("RESIDENT_IDLE_WIPE_S", whole_number(60, 7200), 240, "seconds idle before a resident's visit is wiped"),
    Setting("STAFF_IDLE_S", whole_number(60, 24 * 3600), 15 * 60, "seconds idle before staff are signed out"),
    Setting("STAFF_ABSOLUTE_S", whole_number(600, 24 * 3600), 8 * 3600, "seconds of a staff session at most"),
    # Uploads
    Setting("SCAN_MAX_BYTES", megabytes_to_bytes, 8 * 1024 * 1024, "the largest scan a guide may attach "
            "(bytes, or 8MB, 500KB…)"),
    Setting("FILE_STORE", one_of(*FILE_STORES), None, "where scans and other files are kept: folder "
            "(the data folder) or database (the centre's default: its machines share no disk)"),
    Setting("SCAN_MAX_PIXELS", whole_number(1_000_000, 100_000_000), 40_000_000, "the most pixels in a scan"),
    # Network
    Setting("PROXY_HOPS", whole_number(0, 5), 0, "reverse proxies in front whose X-Forwarded-* are trusted"),
    Setting("METRICS_ALLOW", text, "127.0.0.1,::1", "addresses or networks that may read /metrics"),
    Setting("TERMINAL_SILENT_S", whole_number(60, 7 * 24 * 3600), 900,
            "seconds without news before the centre shows a terminal as silent"),
    # Running an installation
    Setting("BACKUP_PATH", text, None, "where `kiosk backup` writes; <instance>/backups when unset"),
    Setting("BACKUP_KEEP", whole_number(1, 365), 14, "how many backup archives are kept"),
    Setting("PERSONAL_DATA_DAYS", whole_number(1, 3650), 30, "days personal data is kept after a dossier ends"),
    Setting("OUTBOX_KEEP_DAYS", whole_number(1, 365), 14, "days a terminal keeps messages the centre took"),
    Setting("LOG_LEVEL", one_of(*LOG_LEVELS, fold=str.upper), "INFO", "WARNING drops the request and sync lines"),
    # The terminal's screen (`kiosk browser`)
    Setting("BROWSER_URL", http_url, "http://127.0.0.1:8080/", "the terminal's own pages, for `kiosk browser`"),
    Setting("CHROMIUM", text, None, "Chromium's path for `kiosk browser`; found on PATH when unset"),
]}


def from_environment(environ=None) -> dict:
    """The KIOSK_* variables that are set, typed; an unusable one raises UnsafeConfig naming it."""
    environ = os.environ if environ is None else environ
    found = {key: setting.read(environ) for key, setting in SETTINGS.items()}
    return {key: value for key, value in found.items() if value is not MISSING}


def value(key: str, environ=None) -> Any:
    """One setting before there is an app (the CLI, the log set-up): its variable, else its default."""
    environ = os.environ if environ is None else environ
    found = SETTINGS[key].read(environ)
    return SETTINGS[key].default if found is MISSING else found


def check(values: dict) -> None:
    """Every declared setting given to the app (by a variable or directly) is of its type and within bounds."""
    for key, setting in SETTINGS.items():
        given = values.get(key)
        if given is not None and isinstance(given, str) and setting.type is not text:
            values[key] = setting.parse(given)
        elif given is not None and setting.type is not text:
            setting.parse(str(given))
    if values.get("PRINTER") and values.get("ROLE") == "central":
        raise UnsafeConfig("KIOSK_PRINTER is the printer beside a terminal; the centre prints nothing")


# --- Where files are kept (kiosk/storage) -------------------------------------------------------------------
FILE_STORE_BY_ROLE = {"standalone": "folder", "terminal": "folder", "central": "database"}


def check_file_store(config) -> str:
    """KIOSK_FILE_STORE, else the role's default: the centre keeps files in its database, because its
    machines behind the load balancer share no disk. An unknown store would fail the first scan: refuse it."""
    chosen = config.get("FILE_STORE") or FILE_STORE_BY_ROLE.get(config.get("ROLE"), "folder")
    if chosen not in FILE_STORES:
        raise UnsafeConfig(f"KIOSK_FILE_STORE is {chosen!r}; allowed: {', '.join(FILE_STORES)}")
    return chosen


def check_lookup_url(config):
    """Production: a terminal's receipts must lead to an address a phone can open, as PUBLIC_URL must."""
    if config.get("ROLE") != "terminal":
        return
    url = config.get("LOOKUP_URL") or config.get("CENTRAL_URL") or ""
    if not (url.startswith(("https://", "http://")) and "?" not in url and "#" not in url and url.split("/")[2:3] != [""]):
        raise UnsafeConfig("KIOSK_LOOKUP_URL (else KIOSK_CENTRAL_URL) must be the centre's public http(s) address "
                           "without query, e.g. https://dichvucong.example.vn: receipt QR codes link there")


def describe() -> str:
    """Every setting with what it is for, its kind of value and its default (`kiosk settings`)."""
    return "\n".join(f"{setting.label}: {setting.help} ({setting.type.__doc__}; default {setting.default!r})"
                      for setting in SETTINGS.values())


class BaseConfig:
    """What is not a KIOSK_* variable: Flask's own settings and the product's fixed rules. The declared
    settings' defaults come from SETTINGS (set just below)."""
    WTF_CSRF_TIME_LIMIT = None  # a form left open at the counter must still submit
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Strict"
    SESSION_COOKIE_NAME = "kiosk"
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = LANGUAGES
    MAX_CONTENT_LENGTH = 24 * 1024 * 1024  # above SCAN_MAX_BYTES, so a big scan gets its own message
    SYNC_INTERVAL_S = 5
    SIGN_IN_MAX_FAILURES = 5
    SIGN_IN_WINDOW_S = 15 * 60
    LOOKUP_MAX_FAILURES = 5
    LOOKUP_WINDOW_S = 15 * 60
    LOOKUP_TERMINAL_MAX_FAILURES = 30  # wrong guesses from every visitor of this terminal together, per window
    HTTPS_ROLES = ()  # roles assumed behind HTTPS whatever PUBLIC_URL says (production: the centre)


for _key, _setting in SETTINGS.items():
    if _key != "CONFIG":
        setattr(BaseConfig, _key, _setting.default)


class ProductionConfig(BaseConfig):
    HTTPS_ROLES = ("central",)

    @classmethod
    def check(cls, config):
        if config.get("ROLE") == "terminal" and not (config.get("CENTRAL_URL") and config.get("TERMINAL_KEY")):
            raise UnsafeConfig("a terminal needs KIOSK_CENTRAL_URL and KIOSK_TERMINAL_KEY (from `kiosk terminals add`)")
        check_secrets(config)
        check_public_url(config)
        check_lookup_url(config)


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
