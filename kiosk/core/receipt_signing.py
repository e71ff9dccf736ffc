"""Receipt signatures a whole city can check: Ed25519, by the terminal that filed the dossier.

Why Ed25519 and the terminal's own key: the centre already stores every terminal's public key (it checks
their requests with it), so it verifies any terminal's receipt while holding no secret that could make one;
a terminal can sign only its own codes, because the signer is read from the code itself (ward and terminal
number), never from the signature, so terminal A's signature on terminal B's real code fails.
A per-terminal HMAC receipt key registered with the centre would make the centre's database a key to
forge every receipt in the city.

Compact: the QR carries `e.` and the 64-byte signature in unpadded base64url (88 characters in all; no
key id, the code names the key). The message is prefixed with its own scheme, so a receipt signature can
never pass for a request signature (those sign a JSON array, see kiosk/core/request_signing.py) or back.

Receipts printed before this scheme carry `<kid>.<HMAC>` (kiosk/core/signing.py, 16 characters after the
dot): told apart by their length, they keep verifying where they did, with the terminal's keyring.
"""
import base64
import binascii
from datetime import date, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from . import codes
from .request_signing import _public

SCHEME = b"kiosk-receipt-v1:"
PREFIX = "e."
ENCODED_LENGTH = 86  # 64 bytes in unpadded base64url


def sign(key: Ed25519PrivateKey, code: str) -> str:
    return PREFIX + base64.urlsafe_b64encode(key.sign(SCHEME + code.encode())).decode().rstrip("=")


def is_terminal_signature(signature: str) -> bool:
    """An Ed25519 receipt signature (as opposed to a keyring's `<kid>.<HMAC>`)."""
    return (signature or "").startswith(PREFIX) and len(signature) == len(PREFIX) + ENCODED_LENGTH


def signer(code: str) -> str | None:
    """The id of the terminal whose key alone may sign this code (`<ward>-<terminal no>`), or None."""
    try:
        parsed = codes.parse(code)
    except codes.CodeError:
        return None
    return f"{parsed.ward_code}-{parsed.terminal_no:02d}"


def filed_on(code: str) -> date:
    """The local day in a (well-formed) code: a retired key verifies codes up to its retirement only."""
    return datetime.strptime(codes.parse(code).day, "%y%m%d").date()


def verify(public_hex: str, code: str, signature: str) -> bool:
    if not is_terminal_signature(signature):
        return False
    try:
        raw = base64.urlsafe_b64decode(signature[len(PREFIX):] + "==")
    except (ValueError, binascii.Error):
        return False
    key = _public(public_hex or "")
    if key is None or len(raw) != 64:
        return False
    try:
        key.verify(raw, SCHEME + code.encode())
    except InvalidSignature:
        return False
    return True
