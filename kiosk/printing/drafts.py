"""The small slip a resident takes home after saving a half-filled form."""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from kiosk.i18n import format_moment

from . import jobs
from .layout import Slip, render_slip
from .ward_slip import ward_slip


def resume_slip(draft, procedure) -> Slip:
    with force_locale(draft.locale):
        return ward_slip(
            "resume",
            code=draft.resume_code,
            code_label=_("Resume code"),
            qr_payload=None,
            rows=((_("Procedure"), procedure.name.get(draft.locale)),
                  (_("Saved at"), format_moment(draft.created_at)),
                  (_("Keep until"), format_moment(draft.expires_at))),
            notes=(_("To continue, choose “Resume a saved form” on any terminal of this ward and enter this "
                     "code with a date of birth or the phone number you gave in the form."),
                   _("After this date the saved answers are deleted.")),
        )


def resume_slip_pdf(draft) -> bytes:
    procedure = current_app.extensions["catalogue"].get(draft.procedure_code)
    return render_slip(resume_slip(draft, procedure), jobs.paper())
