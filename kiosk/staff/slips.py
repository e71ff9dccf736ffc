"""A slip made from one event of the dossier's history (the supplement request, the hand-over), with its two
views: reading it (a GET that changes nothing; no such event, 404) and printing it (the print recorded by its
operation; no such event, back to the dossier with a word why)."""
from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, flash, redirect, url_for
from flask_babel import LazyString

from kiosk.auth.policy import Action, allows
from kiosk.dossiers import services
from kiosk.printing.response import pdf_response

from .views import _actor, _dossier_or_404, print_or_show


@dataclass(frozen=True)
class EventSlip:
    kind: str  # the event it is made from: the latest of this kind
    slip: str  # its name in the staff's slip view (kiosk.staff.views.SLIPS)
    file_name: str  # "{code}-….pdf"
    missing: LazyString  # flashed when there is nothing to print
    pdf: Callable  # (dossier, event) -> the slip's PDF
    record: Callable  # the operation that records the print: (dossier, actor)
    allowed: Callable | None = None  # the state machine's rule for printing it, if the event is not enough

    def read(self, code: str):
        dossier = _dossier_or_404(code)
        event = services.last_event(dossier, self.kind)
        if event is None:
            abort(404)
        return pdf_response(self.pdf(dossier, event), self.file_name.format(code=code))

    def print(self, code: str):
        dossier = _dossier_or_404(code)
        event = services.last_event(dossier, self.kind)
        if event is None or (self.allowed is not None and not self.allowed(dossier.status)):
            flash(str(self.missing))
            return redirect(url_for(".dossier", code=code))
        self.record(dossier, _actor())
        return print_or_show(self.pdf(dossier, event), self.file_name.format(code=code), code, self.slip)

    def views(self, read_endpoint: str, print_endpoint: str) -> tuple[Callable, Callable]:
        """Its two views for the counter, named as the blueprint's endpoints."""
        def read(code):
            return self.read(code)

        def print_(code):
            return self.print(code)

        read.__name__, print_.__name__ = read_endpoint, print_endpoint
        return allows(Action.COUNTER)(read), allows(Action.COUNTER)(print_)
