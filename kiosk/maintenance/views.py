"""A guide confirms a safe restart point for today's codes when a restored terminal cannot reach the centre."""
import logging

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, IntegerField
from wtforms.validators import DataRequired, InputRequired, NumberRange

from kiosk.auth.policy import Action, allows
from kiosk.core.clock import local_today
from kiosk.extensions import db

from . import restore

log = logging.getLogger(__name__)


class RestartPointForm(FlaskForm):
    after = IntegerField(_l("Highest sequence number on any receipt printed today"),
                         description=_l("The fourth part of the dossier code, e.g. 0007 in 09556-01-261122-0007-K. "
                                        "If unsure, enter a number well above it."),
                         validators=[InputRequired(_l("Enter a number.")),
                                     NumberRange(0, 9998, _l("Enter a number from 0 to 9998."))])
    confirm = BooleanField(_l("I have checked the receipts printed today on this terminal"),
                           validators=[DataRequired(_l("Confirm that you checked the receipts."))])


def _today_sequence() -> int:
    from flask import current_app

    from kiosk.dossiers.models import CodeSequence

    config = current_app.config
    return db.session.scalar(select(CodeSequence.last).where(
        CodeSequence.ward_code == config["WARD_CODE"], CodeSequence.terminal_no == int(config["TERMINAL_NO"]),
        CodeSequence.day == local_today())) or 0


@allows(Action.COUNTER)
def restart_point():
    form = RestartPointForm()
    paused = restore.is_restored()
    if paused and form.validate_on_submit():
        restore.resume_filing(form.after.data)
        log.warning("filing resumed after a restore by a guide's restart point: today's codes continue after %04d",
                    form.after.data)
        flash(_("Filing is open again. Today's codes continue after %(number)04d.", number=form.after.data))
        return redirect(url_for("staff.dashboard"))
    return render_template("staff/restart_point.html", form=form, paused=paused, today_sequence=_today_sequence())
