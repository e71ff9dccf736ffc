"""Search quality (DESIGN §11): queries as residents type them find their procedure in the top 3."""
from pathlib import Path

import pytest
import yaml

from kiosk.catalogue import load_catalogue

QUERIES = yaml.safe_load((Path(__file__).parent.parent / "data" / "search_queries.yaml").read_text(encoding="utf-8"))
CASES = QUERIES["queries"] + QUERIES["held_out"]
REQUIRED_HIT_RATE = 0.90


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_the_query_set_is_large_and_names_real_procedures(catalogue):
    assert len(QUERIES["queries"]) >= 60 and len(QUERIES["held_out"]) >= 20
    for case in CASES:
        assert case["code"] in catalogue.procedures, case
        assert set(case.get("absent", ())) <= set(catalogue.procedures), case


def test_hit_rate_in_top_three(catalogue, capsys):
    misses, first = [], 0
    for case in CASES:
        top = [p.code for p in catalogue.search(case["q"])[:3]]
        first += top[:1] == [case["code"]]
        if case["code"] not in top:
            misses.append(f"{case['q']!r}: wanted {case['code']}, got {top}")
    rate = 1 - len(misses) / len(CASES)
    with capsys.disabled():
        print(f"\nsearch quality: {len(CASES) - len(misses)}/{len(CASES)} queries in the top 3 = {rate:.1%}, "
              f"first: {first}/{len(CASES)}")
        for miss in misses:
            print("  miss:", miss)
    assert rate >= REQUIRED_HIT_RATE, "\n".join(misses)


@pytest.mark.parametrize("case", [c for c in CASES if c.get("absent")], ids=lambda c: c["q"])
def test_what_must_not_come_up(catalogue, case):
    top = [p.code for p in catalogue.search(case["q"])[:3]]
    assert not set(case["absent"]) & set(top), top
