"""Personal data is kept no longer than needed: idle visits and expired drafts are purged,
by `kiosk purge` and by a thread of `kiosk serve` (which also delivers queued text messages)."""
import logging
import threading

from .drafts.services import purge_expired
from .notify.delivery import deliver_pending
from .resident.visit import purge_idle_visits

log = logging.getLogger(__name__)


def purge(app) -> dict:
    with app.app_context():
        return {"visits": purge_idle_visits(), "drafts": purge_expired()}


def start_schedule(app, every_s: int = 60) -> threading.Event:
    """Purge and deliver text messages now and every `every_s` seconds until the returned event is set."""
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            try:
                log.info("purged %s", purge(app))
                with app.app_context():
                    deliver_pending()
            except Exception:  # a failed round must not kill the schedule; it is retried next round
                log.exception("scheduled round failed")
            stop.wait(every_s)

    threading.Thread(target=loop, name="purge", daemon=True).start()
    return stop
