"""A 429 from the centre (or a proxy before it): the terminal waits as long as Retry-After asks, then resends."""
from datetime import datetime, timedelta
from types import SimpleNamespace

import requests
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.sync import link, worker
from kiosk.sync.client import CentralClient, Reply
from kiosk.sync.models import OutboxMessage
from tests.support import set_clock

NOW = datetime(2026, 12, 7, 2, 0)


class OneAnswerSession:
    """A requests session that answers every request with one canned response and keeps what was asked."""

    def __init__(self, status, headers, body=b'{"error": "slow down"}'):
        self.status, self.headers, self.body, self.requests = status, headers, body, []

    def request(self, method, url, **options):
        self.requests.append((method, url))
        response = requests.Response()
        response.status_code, response._content = self.status, self.body
        response.headers.update(self.headers)
        return response


def test_the_client_reads_retry_after_from_a_429():
    session = OneAnswerSession(429, {"Retry-After": "120", "Content-Type": "application/json"})
    client = CentralClient("http://centre.test", "09556-01", "printed key", session=session)
    message = SimpleNamespace(path="/api/v1/dossiers", idempotency_key="k1", body="{}")
    [reply] = client.batch([message])
    assert (reply.status, reply.retry_after) == (429, 120.0) and session.requests


class Centre:
    """Stands in for CentralClient: answers each batch with the next reply, counting the batches."""

    clock_correction = 0.0

    def __init__(self, *replies):
        self.replies, self.batches = list(replies), 0

    def batch(self, messages):
        self.batches += 1
        return [self.replies.pop(0)] * len(messages)


def test_a_429_waits_as_long_as_retry_after_asks_then_resends(app, time_machine):
    """Back-off is per link (kiosk/sync/link.py): a 429's Retry-After sets when the link is next tried."""
    set_clock(time_machine, NOW)
    with app.app_context():
        db.session.add(OutboxMessage(dossier_code="09556-01-261207-0001-X", path="/api/v1/dossiers",
                                     idempotency_key="filed-1", body="{}"))
        db.session.commit()
        centre = Centre(Reply(429, {"error": "slow down"}, retry_after=120), Reply(201, {}))
        assert worker.send_outbox(centre)["sent"] == 0
        state = link.current()
        assert state.next_attempt_at == NOW + timedelta(seconds=120)
        assert db.session.scalar(select(OutboxMessage)).sent_at is None and not state.refusal  # retried, not held

        set_clock(time_machine, NOW + timedelta(seconds=119))
        assert not link.due(link.current())  # not before the centre said

        set_clock(time_machine, NOW + timedelta(seconds=121))
        assert link.due(link.current())
        assert worker.send_outbox(centre)["sent"] == 1
        assert centre.batches == 2 and db.session.scalar(select(OutboxMessage)).sent_at is not None
