"""`kiosk bench search` checks its budget: a missed budget is a failed command, not just a number."""
from click.testing import CliRunner

from benchmarks import search as search_bench
from kiosk.cli import main


def test_bench_search_passes_within_budget_and_fails_over_it(monkeypatch):
    ok = CliRunner().invoke(main, ["bench", "search", "--size", "100", "--rounds", "1"])
    assert ok.exit_code == 0, ok.output
    assert "procedures=100" in ok.output and "over budget" not in ok.output
    monkeypatch.setattr(search_bench, "BUDGET_P95_MS", 0.0)
    over = CliRunner().invoke(main, ["bench", "search", "--size", "100", "--rounds", "1"])
    assert over.exit_code == 1 and "over budget: search_ms_p95 > 0.0 ms" in over.output


def test_the_scaled_catalogue_is_searched_like_the_real_one():
    from kiosk.catalogue.search import SearchIndex

    index = SearchIndex(search_bench.scaled_procedures(64))
    assert len(index.search("khai sinh")) >= 4  # every copy of the birth registration
    found = index.search("khai sinh")
    assert found[0].code.startswith("khai-sinh")
    assert all(p.code.startswith(("khai-sinh", "cap-ban-sao", "dang-ky-lai-khai-sinh", "thay-doi-cai-chinh"))
               for p in found)
