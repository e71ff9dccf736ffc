"""Text messages to residents, queued in the same transaction as the change they tell of (messages.queue
picks the changes residents are told about). Connected where residents' dossiers are filed: the terminal
(decisions arrive by the centre's feed) and standalone (decisions made in its own back office)."""
from kiosk.dossiers import signals

from . import messages


def _filed(_app, dossier, event, **_):
    messages.queue("submitted", dossier)


def _decided(_app, dossier, event, **_):
    messages.queue(event.to_status, dossier)


TEXTS = ((signals.filed, _filed), (signals.decided, _decided))
