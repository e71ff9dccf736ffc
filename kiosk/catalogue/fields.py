"""Names of the fields procedures are grouped under, for browsing the catalogue."""
from flask_babel import lazy_gettext as _l

FIELD_LABELS = {
    "civil_status": _l("Civil status"),
    "certification": _l("Certification"),
    "construction": _l("Construction"),
    "transport": _l("Transport"),
    "culture": _l("Culture"),
    "health": _l("Health"),
    "trade": _l("Trade"),
    "tourism": _l("Tourism"),
    "residence": _l("Residence"),
}
