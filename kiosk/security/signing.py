"""The app's keyring for receipt signatures, and the signed lookup URL a receipt's QR carries.

Keys, in the order they are tried: KIOSK_SIGNING_KEYS (`new:…,old:…`, the first signs); `i1`, derived from
a random key kept in the instance folder, at the centre in its database (it signs when SIGNING_KEYS is unset, and keeps verifying once
SIGNING_KEYS is set); `k1`, derived from SECRET_KEY as before this version (verification only, so receipts
printed by an older version still verify). SECRET_KEY can thus change without breaking any receipt
printed since.

A terminal linked to a centre signs new receipts with its own Ed25519 key instead (kiosk/core/receipt_signing.py),
so the centre and every other terminal (through the centre) can check them; its keyring still verifies the
receipts it printed before.
"""
import hashlib
import hmac
from pathlib import Path

from flask import current_app, url_for

from kiosk.core import receipt_signing
from kiosk.core.request_signing import private_key
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


def _terminal_key():
    """This terminal's Ed25519 key when it is linked to a centre (its requests' key), else None."""
    config = current_app.config
    if config.get("ROLE") != "terminal" or not config.get("TERMINAL_KEY"):
        return None
    cached = current_app.extensions.get("receipt_key")
    if cached is None:
        cached = current_app.extensions["receipt_key"] = private_key(config["TERMINAL_KEY"])
    return cached


def own_terminal_id() -> str:
    config = current_app.config
    return f"{config['WARD_CODE']}-{int(config['TERMINAL_NO']):02d}"


def sign_receipt(code: str) -> str:
    key = _terminal_key()
    return receipt_signing.sign(key, code) if key else keyring().sign(code)


def verify_receipt_here(code: str, signature: str) -> bool | None:
    """Is this a genuine receipt signature for `code`? None: this server cannot tell, the centre can (a
    terminal holds only its own key, not its neighbours')."""
    if not receipt_signing.is_terminal_signature(signature):
        if current_app.config.get("ROLE") == "central":
            return False  # the centre printed no keyring receipt (and keeps no key on its machines' disks)
        return keyring().verify(code, signature)  # receipts printed with a keyring, where they were printed
    signer = receipt_signing.signer(code)
    if signer is None:
        return False
    key = _terminal_key()
    if key is not None:
        if signer == own_terminal_id() and receipt_signing.verify(key.public_key().public_bytes_raw().hex(), code,
                                                                  signature):
            return True
        return None  # a neighbour's receipt, or one signed under this terminal's key before a re-key
    if "api" not in current_app.blueprints:
        return None
    from kiosk.central.terminals import known_terminal, retired_receipt_keys  # public keys only

    terminal = known_terminal(signer)
    if terminal is None:
        return False
    # A revoked terminal's receipts stay genuine: residents keep the paper they were given.
    if receipt_signing.verify(terminal.public_key, code, signature):
        return True
    return any(receipt_signing.verify(old, code, signature)
               for old in retired_receipt_keys(signer, receipt_signing.filed_on(code)))


def lookup_base() -> str | None:
    """Where receipts' QR codes lead: a terminal's to the centre's public look-up (KIOSK_LOOKUP_URL, else
    the centre's address), any other server's to itself (KIOSK_PUBLIC_URL)."""
    config = current_app.config
    if config.get("ROLE") == "terminal":
        return config.get("LOOKUP_URL") or config.get("CENTRAL_URL") or config.get("PUBLIC_URL")
    return config.get("PUBLIC_URL")


def lookup_url(code: str) -> str:
    signature = sign_receipt(code)
    base = lookup_base()
    if base:
        return base.rstrip("/") + url_for("lookup.lookup_signed", code=code, s=signature)
    # Development and tests only: production refuses to start without PUBLIC_URL (a Host header is the
    # client's word, and a receipt's link must not lead where a client said).
    return url_for("lookup.lookup_signed", code=code, s=signature, _external=True)
