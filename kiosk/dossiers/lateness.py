"""Late registration (births after 60 days, deaths after 15): flagged for staff with its band."""
from dataclasses import dataclass
from datetime import date

from kiosk.core.clock import local


@dataclass(frozen=True)
class Lateness:
    days_after: int  # days from the event to the registration
    limit: int
    band: str  # "on_time", "late" (past the limit), "delayed" (past a year, as OpenCRVS bands it)


def registration_lateness(procedure, answers: dict, registered) -> Lateness | None:
    """`registered`: a stored UTC timestamp, or a local date."""
    rule = procedure.late_registration
    if rule is None or not answers.get(rule.from_field):
        return None
    event = date.fromisoformat(answers[rule.from_field])
    day = registered if type(registered) is date else local(registered).date()
    days = (day - event).days
    band = "on_time" if days <= rule.days else ("late" if days <= 365 else "delayed")
    return Lateness(days, rule.days, band)
