"""The app's keyring for receipt signatures, and the signed lookup URL a receipt's QR carries."""
import hashlib

from flask import current_app, url_for

from kiosk.core.signing import Keyring


def keyring() -> Keyring:
    spec = current_app.config.get("SIGNING_KEYS")
    if spec:
        return Keyring.parse(spec)
    # Derived, so a fresh terminal signs without extra set-up; set SIGNING_KEYS to rotate.
    derived = hashlib.sha256(b"receipt-signing:" + current_app.config["SECRET_KEY"].encode()).hexdigest()
    return Keyring({"k1": derived.encode()})


def lookup_url(code: str) -> str:
    signature = keyring().sign(code)
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base.rstrip("/") + url_for("resident.lookup_signed", code=code, s=signature)
    return url_for("resident.lookup_signed", code=code, s=signature, _external=True)
