"""HTTP to the centre, every request signed with the terminal's key."""
import json
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import requests

from kiosk import __version__
from kiosk.core.request_signing import headers, private_key

TIMEOUT = (5, 15)  # connect, read
LOOKUP_TIMEOUT = (3, 5)  # a resident is waiting at the screen: an unreachable centre is said quickly


@dataclass
class Reply:
    status: int  # 0 when the centre could not be reached at all
    body: dict
    retry_after: float | None = None
    clock_offset: float | None = None  # the centre's clock minus this PC's, from the reply's Date header


class CentralClient:
    def __init__(self, base_url: str, terminal_id: str, printed_key: str, session=None, now=time.time):
        self.base_url = base_url.rstrip("/")
        self.now = now  # this PC's clock
        self.clock_correction = 0.0  # added to this PC's clock when signing (the worker sets it)
        self.terminal_id = terminal_id
        self._key = private_key(printed_key)
        self._shared = session
        self._local = threading.local()  # a session per sending thread: requests' sessions are not thread-safe

    @property
    def _http(self):
        if self._shared is not None:
            return self._shared
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session

    def _send(self, method: str, path: str, body: bytes = b"", extra: dict | None = None, query: str = "",
              timeout=TIMEOUT) -> Reply:
        sent = self.now()
        signed = headers(self.terminal_id, self._key, method, path, body, sent + self.clock_correction, query=query,
                         idempotency_key=(extra or {}).get("Idempotency-Key", ""))
        try:
            response = self._http.request(method, f"{self.base_url}{path}{query}", data=body or None,
                                          headers={"Content-Type": "application/json", "X-Kiosk-Version": __version__,
                                                   **signed, **(extra or {})},
                                          timeout=timeout)
        except requests.RequestException as exc:
            return Reply(0, {"error": f"{type(exc).__name__}: {exc}"[:300]})
        try:
            payload = response.json()
        except ValueError:
            payload = {"error": response.text[:300]}
        retry_after = response.headers.get("Retry-After")
        return Reply(response.status_code, payload,
                     float(retry_after) if retry_after and retry_after.isdigit() else None,
                     _offset(response.headers.get("Date"), (sent + self.now()) / 2))

    def post(self, path: str, body: str, idempotency_key: str) -> Reply:
        return self._send("POST", path, body.encode(), {"Idempotency-Key": idempotency_key})

    def batch(self, messages) -> list[Reply]:
        """Send messages in one request; one reply per message taken (a failed request: one reply for all)."""
        items = [{"path": m.path, "key": m.idempotency_key, "body": m.body} for m in messages]
        reply = self._send("POST", "/api/v1/batch", json.dumps({"items": items}, ensure_ascii=False).encode())
        if reply.status != 200:
            return [reply] * len(messages)
        return [Reply(r["status"], r["body"], clock_offset=reply.clock_offset) for r in reply.body["replies"]]

    def lookup(self, query: dict) -> Reply:
        """Ask the centre about a dossier this terminal does not hold (POST: the phone digits stay out of logs)."""
        return self._send("POST", "/api/v1/lookup", json.dumps(query).encode(), timeout=LOOKUP_TIMEOUT)

    def feed(self, after: int) -> Reply:
        return self._send("GET", "/api/v1/feed", query=f"?after={after}")


def _offset(date_header: str | None, local_mid: float) -> float | None:
    """The centre's clock minus ours: its Date (whole seconds, so +0.5) against the middle of the exchange."""
    try:
        return parsedate_to_datetime(date_header).timestamp() + 0.5 - local_mid
    except (TypeError, ValueError):
        return None
