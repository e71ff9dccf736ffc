"""Terminal-to-centre request signatures: Ed25519 over everything that gives a request its meaning.

A terminal holds a private key, derived from the key printed by `kiosk terminals add`; the centre keeps only
the matching public key, so a copy of the centre's database lets nobody sign as a terminal.

What is signed: the terminal's id, the method, the path, the query string, the timestamp, the
Idempotency-Key and a SHA-256 of the body, as one JSON array (no field can bleed into the next). A
timestamp outside the window is refused; inside it, a replayed request repeats exactly what it said: the
same key, so the centre answers it from its record and stores nothing twice.
"""
import base64
import binascii
import functools
import hashlib
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

WINDOW_S = 300
SCHEME = "kiosk-request-v2"


def private_key(printed_key: str) -> Ed25519PrivateKey:
    """The terminal's signing key: its seed is SHA-256 of the printed key (as the old HMAC key was,
    so migrating a centre turns each stored HMAC key into the public key of the same terminal)."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(printed_key.encode()).digest())


def public_key(printed_key: str) -> str:
    """What the centre stores: the raw public key, hex (64 characters)."""
    return private_key(printed_key).public_key().public_bytes_raw().hex()


@functools.lru_cache(maxsize=4096)
def _public(hex_key: str) -> Ed25519PublicKey | None:
    try:
        return Ed25519PublicKey.from_public_bytes(bytes.fromhex(hex_key))
    except ValueError:
        return None


def message(terminal_id: str, method: str, path: str, query: str, timestamp: str, idempotency_key: str,
            body: bytes) -> bytes:
    """The signed text. `query` is the raw query string as sent, without its '?'."""
    return json.dumps([SCHEME, terminal_id, method.upper(), path, query.removeprefix("?"), timestamp,
                       idempotency_key, hashlib.sha256(body).hexdigest()], separators=(",", ":")).encode()


def headers(terminal_id: str, key: Ed25519PrivateKey, method: str, path: str, body: bytes, now: float,
            query: str = "", idempotency_key: str = "") -> dict:
    timestamp = str(int(now))
    signed = key.sign(message(terminal_id, method, path, query, timestamp, idempotency_key, body))
    return {"X-Terminal": terminal_id, "X-Timestamp": timestamp,
            "X-Signature": base64.urlsafe_b64encode(signed).decode().rstrip("=")}


def verify(public_hex: str, terminal_id: str, method: str, path: str, query: str, timestamp: str,
           idempotency_key: str, body: bytes, given: str, now: float) -> bool:
    try:
        fresh = abs(now - int(timestamp)) <= WINDOW_S
        signed = base64.urlsafe_b64decode((given or "") + "=" * (-len(given or "") % 4))
    except (TypeError, ValueError, binascii.Error):
        return False
    key = _public(public_hex)
    if not fresh or key is None or len(signed) != 64:
        return False
    try:
        key.verify(signed, message(terminal_id, method, path, query, timestamp, idempotency_key, body))
    except InvalidSignature:
        return False
    return True
