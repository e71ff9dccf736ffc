"""The link's reading of the centre's answers: which refusal it is, and when to try again."""
from datetime import datetime, timedelta

import pytest

from kiosk.core import clock
from kiosk.extensions import db
from kiosk.sync import link
from kiosk.sync.client import Reply, _offset
from kiosk.sync.models import SyncLink
from tests.support import set_clock


@pytest.fixture
def state(app):
    with app.app_context():
        yield link.current()
        db.session.rollback()


def test_a_refused_signature_with_clocks_far_apart_is_the_clock(state):
    assert link.observe(state, [Reply(401, {"error": "bad or expired signature"}, clock_offset=-600.4)]) == "retry_now"
    assert state.refusal is None and state.next_attempt_at is None and link.correction(state) == -600.4
    assert link.observe(state, [Reply(401, {}, clock_offset=-7200)]) == "refused"  # beyond the safe bound
    assert state.refusal == "clock" and link.correction(state) == 0.0
    assert state.next_attempt_at - clock.utcnow() <= timedelta(seconds=link.CLOCK_RETRY_S)


def test_a_refused_signature_with_clocks_agreeing_is_the_key(state):
    assert link.observe(state, [Reply(401, {"error": "unknown terminal"}, clock_offset=0.3)]) == "refused"
    assert state.refusal == "key" and "unknown terminal" in state.refusal_detail
    # signed with a correction already, and still refused: the key, not the clock
    assert link.observe(state, [Reply(401, {}, clock_offset=-600)], used_correction=-600) == "refused"
    assert state.refusal == "key"


def test_revoked_and_unreachable_and_back(state):
    assert link.observe(state, [Reply(403, {"error": "this terminal has been revoked"})]) == "refused"
    assert state.refusal == "revoked" and state.last_success_at is None
    for failures in range(1, 40):
        assert link.observe(state, [Reply(0, {"error": "ConnectionError"})]) == "unreachable"
        assert state.failures == failures
        assert state.next_attempt_at - clock.utcnow() <= timedelta(seconds=link.BACKOFF_CAP_S)
    assert state.refusal == "revoked"  # silence says nothing of the revocation: it stays shown
    since = state.unreachable_since
    assert link.observe(state, [Reply(503, {})]) == "unreachable" and state.unreachable_since == since
    assert link.observe(state, [Reply(200, {})]) == "answered"
    assert (state.failures, state.next_attempt_at, state.unreachable_since, state.refusal) == (0, None, None, None)
    assert state.last_success_at is not None


def test_each_failure_doubles_the_links_wait_up_to_the_cap(state, monkeypatch, time_machine):
    """An unreachable centre is probed ever more rarely (the link's back-off), not at every pass of the worker."""
    monkeypatch.setattr(link.random, "random", lambda: 1.0)  # the full jitter at its longest
    set_clock(time_machine, datetime(2026, 12, 7, 2))
    waits = []
    for _failure in range(7):
        link.observe(state, [Reply(0, {"error": "ConnectionError"})])
        waits.append((state.next_attempt_at - clock.utcnow()).total_seconds())
    assert waits == [2, 4, 8, 16, link.BACKOFF_CAP_S, link.BACKOFF_CAP_S, link.BACKOFF_CAP_S]


def test_a_retry_after_is_followed_but_bounded(state):
    link.observe(state, [Reply(429, {}, retry_after=20)])
    assert timedelta(seconds=19) < state.next_attempt_at - clock.utcnow() <= timedelta(seconds=20)
    link.observe(state, [Reply(429, {}, retry_after=86400)])
    assert state.next_attempt_at - clock.utcnow() <= timedelta(seconds=link.REFUSED_RETRY_S)


def test_the_clock_difference_comes_from_the_date_header():
    assert _offset("Mon, 30 Nov 2026 10:00:00 GMT", 1796032800.0 + 600) == pytest.approx(-599.5)
    assert _offset(None, 0.0) is None and _offset("not a date", 0.0) is None


def test_a_fresh_link_has_one_row(app):
    with app.app_context():
        link.current()
        db.session.commit()
        link.current()
        assert db.session.query(SyncLink).count() == 1
