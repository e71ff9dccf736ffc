"""Messages arriving at once on one centre process are written together.

Each request thread queues its message and waits. A thread that finds nobody writing becomes the writer:
it takes what is queued (its own message first), writes it in one flush and one commit, hands each waiting
thread its reply, and passes the turn to the first message queued meanwhile. No extra thread, and no delay
when the centre is quiet (a lone message is written at once); under load, like rows reach the database
together.
"""
import threading
from dataclasses import dataclass, field

from kiosk.extensions import db

from . import services

MOST_AT_ONCE = 100


@dataclass
class _Waiting:
    message: services.Message
    done: threading.Event = field(default_factory=threading.Event)  # answered, or handed the writer's turn
    answered: bool = False
    reply: tuple[int, dict] | None = None
    failure: BaseException | None = None


class Intake:
    def __init__(self):
        self._lock = threading.Lock()
        self._queue: list[_Waiting] = []
        self._writing = False

    def take(self, message: services.Message) -> tuple[int, dict]:
        # A waiting thread must hold no connection: the writer may need the last one in the pool.
        db.session.close()
        waiting = _Waiting(message)
        with self._lock:
            self._queue.append(waiting)
            writes = not self._writing  # nobody writing: the queue was empty, this message leads it
            self._writing = True
        if not writes:
            waiting.done.wait()
        if not waiting.answered:  # the writer's turn: the group starts with this message
            self._write_next_group()
        if waiting.failure:
            raise waiting.failure
        return waiting.reply

    def _write_next_group(self) -> None:
        """Write one group, then pass the turn to the first message still queued: a writer answers its
        own request after one group, however busy the centre is."""
        with self._lock:
            group, self._queue = self._queue[:MOST_AT_ONCE], self._queue[MOST_AT_ONCE:]
        _write(group)
        with self._lock:
            if self._queue:
                self._queue[0].done.set()
            else:
                self._writing = False


def _write(group: list[_Waiting]) -> None:
    """One commit for the group: a message is answered only once it is on disk."""
    try:
        replies = services.take([w.message for w in group])
        db.session.commit()
        for waiting, reply in zip(group, replies, strict=True):
            waiting.reply = reply
    except BaseException as failure:  # every waiting thread must learn of it, not wait for ever
        db.session.rollback()
        for waiting in group:
            waiting.failure = failure
    finally:
        for waiting in group:
            waiting.answered = True
            waiting.done.set()
