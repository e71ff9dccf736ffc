from datetime import datetime

from kiosk.catalogue import load_catalogue
from kiosk.dossiers.lateness import registration_lateness

BIRTH = load_catalogue().get("khai-sinh")
NOON_UTC = datetime(2026, 11, 22, 5, 0)


def test_births_within_sixty_days_are_on_time():
    assert registration_lateness(BIRTH, {"child_birth_date": "2026-09-23"}, NOON_UTC).band == "on_time"


def test_late_and_delayed_bands():
    late = registration_lateness(BIRTH, {"child_birth_date": "2026-09-22"}, NOON_UTC)
    assert (late.days_after, late.limit, late.band) == (61, 60, "late")
    assert registration_lateness(BIRTH, {"child_birth_date": "2025-11-01"}, NOON_UTC).band == "delayed"


def test_procedures_without_a_deadline_have_none():
    marriage = load_catalogue().get("ket-hon")
    assert registration_lateness(marriage, {}, NOON_UTC) is None
