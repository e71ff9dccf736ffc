"""`kiosk bench ingest` itself: terminals over real HTTP to a centre of two processes, each dossier once."""
import sqlalchemy as sa

from benchmarks import central as bench
from tests.support import postgres_url


def test_the_ingest_bench_stores_every_dossier_once():
    url = sa.engine.make_url(postgres_url())  # skips locally without PostgreSQL, fails in CI
    # Its own database beside the tests' (as the sync and soak benches'): runs in parallel never share one.
    figures = bench.run_ingest(url.set(database=f"{url.database}_ingest").render_as_string(hide_password=False),
                               terminals=6, per_terminal=10)
    # Every tenth dossier is sent twice, as after a lost reply: the second answer is the first one again.
    assert figures["answered_201"] == 66
    assert figures["dossiers"] == 60 and figures["duplicates"] == 0
