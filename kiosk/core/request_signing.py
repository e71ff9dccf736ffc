"""Terminal-to-centre request signatures: HMAC-SHA256 over method, path, timestamp and body.

Both sides use SHA-256 of the printed terminal key as the HMAC key, so the centre never stores the
printed key itself. A timestamp outside the window is refused; inside it a replay is harmless because
every write carries an idempotency key.
"""
import hashlib
import hmac

WINDOW_S = 300


def hmac_key(printed_key: str) -> str:
    return hashlib.sha256(printed_key.encode()).hexdigest()


def signature(key: str, method: str, path: str, timestamp: str, body: bytes) -> str:
    message = "\n".join([method.upper(), path, timestamp, hashlib.sha256(body).hexdigest()])
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def headers(terminal_id: str, key: str, method: str, path: str, body: bytes, now: float) -> dict:
    timestamp = str(int(now))
    return {"X-Terminal": terminal_id, "X-Timestamp": timestamp,
            "X-Signature": signature(key, method, path, timestamp, body)}


def verify(key: str, method: str, path: str, timestamp: str, body: bytes, given: str, now: float) -> bool:
    try:
        fresh = abs(now - int(timestamp)) <= WINDOW_S
    except (TypeError, ValueError):
        return False
    return fresh and hmac.compare_digest(signature(key, method, path, timestamp, body), given or "")
