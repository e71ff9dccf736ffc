"""The centre's subscribers: an officer's decision goes into the feed of the terminal that filed the dossier."""
from kiosk.dossiers import signals

from .services import publish


def _decided(_app, dossier, event, **_):
    publish(dossier, event)


FEED = ((signals.decided, _decided),)
