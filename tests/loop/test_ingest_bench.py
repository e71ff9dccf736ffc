"""`kiosk bench ingest` itself: terminals over real HTTP to a centre of two processes, each dossier once."""
from benchmarks import central as bench
from tests.support import postgres_url


def test_the_ingest_bench_stores_every_dossier_once():
    postgres_url()  # skips locally without PostgreSQL, fails in CI
    figures = bench.run_ingest(bench.bench_url("ingest_test"), terminals=6, per_terminal=10)
    # Every tenth dossier is sent twice, as after a lost reply: the second answer is the first one again.
    assert figures["answered_201"] == 66
    assert figures["dossiers"] == 60 and figures["duplicates"] == 0
