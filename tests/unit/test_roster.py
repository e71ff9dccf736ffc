"""The centre's terminal roster (kiosk/central/terminals.py Roster): requests arriving while the terminals'
audit trail is being counted share the next count, never the one under way, which may have begun before a
revocation they must see."""
import threading
import time

import pytest

from kiosk.central.terminals import Roster

LATER = 5


def _first_count_held_while_others_arrive(monkeypatch, first_fails: bool):
    """The first request's count is held until LATER requests wait; each count returns its number."""
    roster, counting, release, counts = Roster(), threading.Event(), threading.Event(), []

    def count_trail():
        counts.append(len(counts) + 1)
        if len(counts) == 1:
            counting.set()
            release.wait(10)
            if first_fails:
                raise ConnectionError("the database went away")
        return counts[-1]

    monkeypatch.setattr(roster, "_count_trail", count_trail)
    seen = {}

    def ask(name):
        try:
            seen[name] = roster._trail_count()
        except ConnectionError as failure:
            seen[name] = failure

    first = threading.Thread(target=ask, args=("first",))
    first.start()
    assert counting.wait(10)
    later = [threading.Thread(target=ask, args=(n,)) for n in range(LATER)]
    for thread in later:
        thread.start()
    deadline = time.monotonic() + 10
    while len(roster._turn._waiters) < LATER:  # every later request waiting on the count under way
        assert time.monotonic() < deadline
        time.sleep(0.01)
    release.set()
    for thread in [first, *later]:
        thread.join(10)
    return seen, counts


def test_requests_arriving_during_a_count_share_the_next_one(monkeypatch):
    seen, counts = _first_count_held_while_others_arrive(monkeypatch, first_fails=False)
    assert seen.pop("first") == 1
    assert set(seen.values()) == {2}  # not the count begun before they arrived
    assert counts == [1, 2]  # six requests, two queries


def test_a_failed_count_leaves_nobody_waiting(monkeypatch):
    seen, counts = _first_count_held_while_others_arrive(monkeypatch, first_fails=True)
    assert isinstance(seen.pop("first"), ConnectionError)
    assert set(seen.values()) == {2} and counts == [1, 2]


@pytest.mark.parametrize("calls", [1, 3])
def test_a_lone_request_counts_for_itself(monkeypatch, calls):
    roster, counts = Roster(), []
    monkeypatch.setattr(roster, "_count_trail", lambda: counts.append(1) or len(counts))
    assert [roster._trail_count() for _ in range(calls)] == list(range(1, calls + 1))
