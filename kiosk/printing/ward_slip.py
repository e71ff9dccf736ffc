"""Every slip the ward prints carries the national header with the ward as issuing authority, the date
line, the signature blocks of its official template, and the time it was printed."""
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _

from kiosk.core import clock
from kiosk.i18n import format_moment

from .layout import Slip
from .official import official, slip_template, text


def issuing_authority(config) -> tuple[str, str]:
    return (config["ISSUING_AUTHORITY"] or f"UBND {config['WARD_NAME']}", config["ISSUING_UNIT"])


def ward_slip(kind: str, number: str | None = None, names: tuple[str, ...] = (), **content) -> Slip:
    """A slip of `kind` (a key of templates.yaml, which gives its title and wording); `number`: its
    "Số", the slip's code unless given; `names`: printed under the signature blocks."""
    config = current_app.config
    locale = str(get_locale() or "vi")
    paper = official(kind, locale=locale, authority=issuing_authority(config),
                     number=number or content["code"], place=config["SLIP_PLACE"], day=clock.local_today(),
                     names=names)
    return Slip(heading=text(slip_template(kind)["title"], locale), issuer=config["WARD_NAME"],
                issuer_address=config["WARD_ADDRESS"], official=paper,
                printed_at=_("Printed at %(moment)s", moment=format_moment(clock.utcnow())), **content)
