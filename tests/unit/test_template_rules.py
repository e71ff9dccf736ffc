"""Templates hold no status tuple and no channel rule: they call the rule functions beside the state machine
(kiosk/dossiers/states.py) and the wording of the assisting modes (kiosk/dossiers/labels.py)."""
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from kiosk.dossiers import states
from kiosk.dossiers.states import Status

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
NAMES = {*Status, "self_service", "assisted", "counter"}
EXPRESSION = re.compile(r"{%.*?%}|{{.*?}}", re.S)
# A msgid is words for people, and may("counter") names the policy's work (kiosk.auth.policy.Action): no rule.
NOT_A_RULE = re.compile(r"""\b(?:_|may)\((?:"[^"]*"|'[^']*')""")
QUOTED = re.compile(r"""["']([a-z_]+)["']""")


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda path: path.name)
def test_no_template_names_a_status_or_a_channel(template):
    named = [(name, expression) for expression in EXPRESSION.findall(template.read_text())
             for name in QUOTED.findall(NOT_A_RULE.sub("", expression)) if name in NAMES]
    assert named == []


def dossier(status, due_on):
    return SimpleNamespace(status=status, due_on=due_on)


TODAY = date(2026, 11, 30)


def test_overdue_is_open_and_past_its_due_date():
    assert states.is_overdue(dossier("received", date(2026, 11, 29)), TODAY)
    assert states.is_overdue(dossier("supplement_requested", date(2026, 11, 1)), TODAY)
    assert not states.is_overdue(dossier("received", TODAY), TODAY)
    assert not states.is_overdue(dossier("result_ready", date(2026, 11, 1)), TODAY)  # done, waiting for pickup


def test_due_soon_is_within_two_days_and_not_waiting_on_the_resident():
    assert states.is_due_soon(dossier("submitted", date(2026, 12, 2)), TODAY)
    assert not states.is_due_soon(dossier("submitted", date(2026, 12, 3)), TODAY)
    assert not states.is_due_soon(dossier("supplement_requested", date(2026, 12, 1)), TODAY)
    assert not states.is_due_soon(dossier("received", date(2026, 11, 29)), TODAY)  # overdue, not "soon"


def test_the_counter_slips_follow_the_status():
    assert [s for s in Status if states.may_print_supplement_request(s)] == [Status.SUPPLEMENT_REQUESTED]
    assert [s for s in Status if states.may_print_refusal(s)] == [Status.REJECTED]
    assert [s for s in Status if states.may_hand_over(s)] == [Status.RESULT_READY]
