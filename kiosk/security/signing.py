"""The app's keyring for receipt signatures, and the signed lookup URL a receipt's QR carries.

Keys, in the order they are tried: KIOSK_SIGNING_KEYS (`new:…,old:…`, the first signs); `i1`, derived from
a random key kept in the instance folder, at the centre in its database (it signs when SIGNING_KEYS is unset, and keeps verifying once
SIGNING_KEYS is set); `k1`, derived from SECRET_KEY as before this version (verification only, so receipts
printed by an older version still verify). SECRET_KEY can thus change without breaking any receipt
printed since.
"""
import hashlib
import hmac
from pathlib import Path

from flask import current_app, url_for

from kiosk.core.signing import Keyring

from .files import read_or_create_secret

LOCAL_KEY = Path("keys") / "local.key"


def local_key(purpose: str) -> bytes:
    """A key for `purpose`, derived from this installation's own random key (kept in the instance folder,
    0600), so it never changes with SECRET_KEY."""
    cached = current_app.extensions.get("local_key")
    if cached is None:
        cached = _installation_key()
        current_app.extensions["local_key"] = cached
    return hmac.new(cached, purpose.encode(), hashlib.sha256).hexdigest().encode()


def _installation_key() -> bytes:
    """A terminal's (and standalone's) key is a file of its own; the centre's machines share one, kept in the
    database (a centre upgraded from one machine keeps the key its file held)."""
    path = Path(current_app.instance_path) / LOCAL_KEY
    if current_app.config["ROLE"] != "central":
        return read_or_create_secret(path)
    from kiosk.storage.secrets import shared_secret

    return shared_secret("local", bytes.fromhex(path.read_text().strip()) if path.is_file() else None)


def legacy_key(purpose: bytes) -> bytes:
    """What older versions derived from SECRET_KEY; only ever checked, never used to make anything new."""
    return hashlib.sha256(purpose + current_app.config["SECRET_KEY"].encode()).hexdigest().encode()


def parse_spec(spec: str) -> dict[str, bytes]:
    pairs = (item.split(":", 1) for item in (spec or "").split(",") if ":" in item)
    return {kid.strip(): secret.strip().encode() for kid, secret in pairs if kid.strip() and secret.strip()}


def keyring() -> Keyring:
    keys = parse_spec(current_app.config.get("SIGNING_KEYS") or "")
    keys.setdefault("i1", local_key("receipt-signing"))
    keys.setdefault("k1", legacy_key(b"receipt-signing:"))
    return Keyring(keys)


def lookup_url(code: str) -> str:
    signature = keyring().sign(code)
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base.rstrip("/") + url_for("resident.lookup_signed", code=code, s=signature)
    # Development and tests only: production refuses to start without PUBLIC_URL (a Host header is the
    # client's word, and a receipt's link must not lead where a client said).
    return url_for("resident.lookup_signed", code=code, s=signature, _external=True)
