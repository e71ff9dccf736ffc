"""Figures for ward supervisors (their ward) and city administrators (every ward, compared)."""
from datetime import date

from flask import abort, current_app, make_response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from kiosk.auth import policy
from kiosk.auth.policy import Action, allows
from kiosk.core.clock import local_today
from kiosk.dossiers.labels import channel_label, status_label
from kiosk.forms import rules
from kiosk.i18n import current_locale, format_decimal

from . import exports
from .figures import compute
from .wards import ward_name


class Labels(dict):
    """Column names and code names in the reader's language, for screens and exports alike."""

    def __init__(self, catalogue):
        super().__init__(status=_("Status"), count=_("Dossiers"), procedure=_("Procedure"), channel=_("Channel"),
                         ward=_("Ward"), code=_("Dossier code"), due_on=_("Results due on"),
                         online=_("Filed online"), online_share=_("Online share (%)"), month=_("Month"))
        self.catalogue = catalogue

    def title(self, table: str, header: list[str]) -> str:
        """A table's heading: its first column's name, unless two tables would share it."""
        return {"online": _("Online share by ward"), "month": _("Dossiers filed by month")}.get(table, header[0])

    def ward_name(self, code):
        return ward_name(code)

    def status_name(self, code):
        return status_label(code)

    def procedure_name(self, code):
        procedure = self.catalogue.get(code)
        return procedure.name.get(current_locale()) if procedure else code

    def channel_name(self, code):
        return channel_label(code)


def _period():
    today = local_today()
    start = _day(request.args.get("from")) or today.replace(day=1)
    end = _day(request.args.get("to")) or today
    return (start, end) if start <= end else (end, start)


def _day(raw):
    try:
        return rules.parse_date(raw or "", date.max) if raw else None
    except rules.RuleError:
        return None


def _scope():
    """A supervisor sees their own ward; an administrator any ward, or all of them."""
    return policy.figures_scope(current_user, request.args.get("ward"))


@allows(Action.FIGURES)
def figures():
    start, end = _period()
    result = compute(start, end, _scope())
    labels = Labels(current_app.extensions["catalogue"])
    return render_template("reports/figures.html", figures=result, tables=exports.tables(result, labels),
                           labels=labels)


@allows(Action.FIGURES)
def export(name, kind):
    start, end = _period()
    labels = Labels(current_app.extensions["catalogue"])
    tables = exports.tables(compute(start, end, _scope()), labels)
    if name not in tables or kind not in ("csv", "xlsx"):
        abort(404)
    header, rows = tables[name]
    scope = _scope()
    title = _("%(table)s — %(ward)s — %(start)s to %(end)s", table=labels.title(name, header),
              ward=ward_name(scope) if scope else _("all wards"), start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}")
    month = name == "month"
    response = make_response(exports.to_csv(header, rows, month) if kind == "csv"
                             else exports.to_xlsx(header, rows, title, month))
    response.mimetype = "text/csv" if kind == "csv" else \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-{start:%Y%m%d}-{end:%Y%m%d}.{kind}"'
    return response


@allows(Action.FIGURES)
def logbook(kind):
    """Sổ theo dõi hồ sơ (Mẫu 06) of a ward and period, as CSV or XLSX."""
    from kiosk.printing.control_slip import agency_name

    from . import logbook as book

    if kind not in ("csv", "xlsx"):
        abort(404)
    start, end = _period()
    ward = _scope()
    labels = Labels(current_app.extensions["catalogue"])
    header, rows = book.header(current_locale()), book.rows(start, end, ward, labels.procedure_name, agency_name)
    title = _("Dossier logbook — %(ward)s, %(start)s to %(end)s", ward=ward or _("all wards"),
                  start=start.strftime("%d/%m/%Y"), end=end.strftime("%d/%m/%Y"))
    response = make_response(exports.to_csv(header, rows) if kind == "csv" else exports.to_xlsx(header, rows, title))
    response.mimetype = "text/csv" if kind == "csv" else \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response.headers["Content-Disposition"] = \
        f'attachment; filename="so-theo-doi-{ward or "all"}-{start:%Y%m%d}-{end:%Y%m%d}.{kind}"'
    return response


@allows(Action.FIGURES)
def catalogue_facts():
    """The catalogue's facts nobody has checked against the legal text, for a ward official to confirm
    (the same list as `kiosk catalogue check --facts`)."""
    from kiosk.catalogue.facts import unverified_facts

    catalogue = current_app.extensions["catalogue"]
    rows = [(procedure, fact, procedure.sources.get(fact))
            for procedure in catalogue.all() for fact in unverified_facts(procedure)]
    return render_template("reports/catalogue_facts.html", rows=rows)


def number(value):
    """A count or a share as its reader writes it: 1.234 and 12,5 in Vietnamese, 1,234 and 12.5 in English."""
    if isinstance(value, float):
        return format_decimal(value, 1)
    if isinstance(value, int):
        text = f"{value:,}"
        return text.replace(",", ".") if current_locale() == "vi" else text
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return value
