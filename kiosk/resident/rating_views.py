"""The short rating residents may give after filing and after collecting their result."""
from flask import abort, g, render_template, session, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from kiosk.dossiers import operations
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from kiosk.ratings import services as ratings
from kiosk.visits.services import OCCASION_KEY, end_visit

SCORES = [SelectChoice("5", _l("Very satisfied")), SelectChoice("4", _l("Satisfied")),
          SelectChoice("3", _l("Neither satisfied nor dissatisfied")), SelectChoice("2", _l("Dissatisfied")),
          SelectChoice("1", _l("Very dissatisfied"))]


class RatingForm(FlaskForm):
    score = RadioField(_l("How satisfied are you with this service?"), choices=SCORES,
                       validators=[DataRequired(_l("Choose how satisfied you are."))])
    reasons = SelectMultipleField(_l("What stood out? (optional)"),
                                  choices=[SelectChoice(k, v) for k, v in ratings.REASONS.items()],
                                  validate_choice=False)  # unknown reasons are dropped by the service


def _rated_dossier():
    """The dossier this visit may rate, and on which occasion; None when there is nothing to rate."""
    visit = g.visit
    dossier = db.session.get(Dossier, visit.dossier_id) if visit and visit.dossier_id else None
    return dossier, session.get(OCCASION_KEY, "submission")


def rate():
    dossier, occasion = _rated_dossier()
    if dossier is None:
        abort(404)
    if ratings.has_rated(dossier, occasion):
        return render_template("resident/rated.html", already=True)
    form = RatingForm()
    if form.validate_on_submit():
        try:
            operations.rate(dossier, occasion, int(form.score.data), form.reasons.data or [])
        except ratings.AlreadyRated:
            return render_template("resident/rated.html", already=True)
        if occasion == "handover":  # the resident is done: nothing of theirs stays on the terminal
            session.pop(OCCASION_KEY, None)
            end_visit()
        return render_template("resident/rated.html", already=False, back=url_for(".done", code=dossier.code)
                               if occasion == "submission" else None)
    return render_template("resident/rate.html", form=form, reasons=ratings.REASONS), 200 if not form.errors else 400
