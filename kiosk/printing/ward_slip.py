"""Every slip the ward prints carries its name and address on top and the time it was printed."""
from flask import current_app
from flask_babel import gettext as _

from kiosk.core.clock import utcnow
from kiosk.i18n import format_moment

from .layout import Slip


def ward_slip(**content) -> Slip:
    config = current_app.config
    return Slip(issuer=config["WARD_NAME"], issuer_address=config["WARD_ADDRESS"],
                printed_at=_("Printed at %(moment)s", moment=format_moment(utcnow())), **content)
