"""Personal data is kept no longer than needed: idle visits and expired drafts are purged,
by `kiosk purge` and by a thread of `kiosk serve`."""
import logging
import threading

from .drafts.services import purge_expired
from .resident.visit import purge_idle_visits

log = logging.getLogger(__name__)


def purge(app) -> dict:
    with app.app_context():
        return {"visits": purge_idle_visits(), "drafts": purge_expired()}


def start_schedule(app, every_s: int = 300) -> threading.Event:
    """Purge now and every `every_s` seconds until the returned event is set."""
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            try:
                log.info("purged %s", purge(app))
            except Exception:  # a failed purge must not kill the schedule; it is retried next round
                log.exception("purge failed")
            stop.wait(every_s)

    threading.Thread(target=loop, name="purge", daemon=True).start()
    return stop
