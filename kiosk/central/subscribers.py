"""The centre's subscribers: an officer's decision goes into the feed of the terminal that filed the dossier, and
a working-day override into every terminal's."""
from kiosk.dossiers import signals

from .services import publish, publish_calendar


def _decided(_app, dossier, event, **_):
    publish(dossier, event)


def _calendar_changed(_app, day, kind, note, actor):
    publish_calendar(day, kind, note, actor)


FEED = ((signals.decided, _decided), (signals.calendar_changed, _calendar_changed))
