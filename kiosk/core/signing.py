"""Short HMAC-SHA256 signatures with a key id, for the receipt QR.

The key id lets a ward rotate keys: old receipts keep verifying while their key is listed.
"""
import base64
import hashlib
import hmac

SIGNATURE_BYTES = 12  # 96 bits: short enough for a small QR, far beyond guessing


class Keyring:
    def __init__(self, keys: dict[str, bytes]):
        if not keys:
            raise ValueError("a keyring needs at least one key")
        self._keys = dict(keys)
        self.current = next(iter(self._keys))

    @classmethod
    def parse(cls, spec: str) -> "Keyring":
        """'k2:secret,k1:older' -> Keyring; the first key signs."""
        pairs = (item.split(":", 1) for item in spec.split(",") if item.strip())
        return cls({kid.strip(): secret.strip().encode() for kid, secret in pairs})

    def _digest(self, kid: str, message: str) -> str:
        mac = hmac.new(self._keys[kid], message.encode(), hashlib.sha256).digest()[:SIGNATURE_BYTES]
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def sign(self, message: str) -> str:
        return f"{self.current}.{self._digest(self.current, message)}"

    def verify(self, message: str, signature: str) -> bool:
        kid, _, digest = (signature or "").partition(".")
        if kid not in self._keys or not digest or not digest.isascii():  # compare_digest takes ASCII text only
            return False
        return hmac.compare_digest(self._digest(kid, message), digest)
