"""`kiosk bench …`: benchmarks for the performance budgets (DESIGN.md §11). Each prints its figures, then
exits 1 naming every budget it missed."""
import click

# DESIGN.md §11
RECEIPT_MS_MEDIAN = 10.0
INGEST_PER_S = 500
LOOKUP_MS_P99 = 5.0
REPORT_S = 1.0
TERMINAL_RSS_MB = 120.0


@click.group()
def bench():
    """Benchmarks for the performance budgets (DESIGN.md §11)."""


def verdict(*checks: tuple[bool, str]) -> None:
    """Exit 1 naming each budget missed: (within budget?, what was missed) pairs, after the figures."""
    misses = [missed for within, missed in checks if not within]
    if misses:
        click.echo("over budget: " + "; ".join(misses), err=True)
        raise SystemExit(1)


@bench.command("receipts")
@click.option("--count", default=200, show_default=True)
def bench_receipts(count):
    """Render receipts in a loop; compare with WeasyPrint; exits 1 over budget."""
    from benchmarks import receipts as receipt_bench

    figures = receipt_bench.run(count)
    click.echo(receipt_bench.format_line(figures))
    verdict((figures["receipt_ms_median"] <= RECEIPT_MS_MEDIAN,
             f"receipt_ms_median {figures['receipt_ms_median']:.2f} > {RECEIPT_MS_MEDIAN}"))


@bench.command("search")
@click.option("--size", default=2000, show_default=True, help="Procedures in the scaled catalogue.")
@click.option("--rounds", default=50, show_default=True)
def bench_search(size, rounds):
    """Time typical resident queries over a catalogue scaled up to SIZE procedures; exits 1 over budget."""
    from benchmarks import search as search_bench

    figures = search_bench.run(size, rounds)
    click.echo(search_bench.format_line(figures))
    verdict((figures["within_budget"], f"search_ms_p95 > {figures['budget_ms_p95']} ms"))


@bench.command("ingest")
@click.option("--quick", is_flag=True, help="20 terminals x 10 dossiers instead of 200 x 25.")
@click.option("--database-url", default=None, help="PostgreSQL for the benchmark's own database.")
def bench_ingest(quick, database_url):
    """Concurrent terminals posting dossiers to a centre on PostgreSQL (every tenth is resent); exits 1 over
    budget (the quick run too)."""
    from benchmarks import central as central_bench

    figures = central_bench.run_ingest(database_url or central_bench.bench_url("ingest"),
                                       *((20, 10) if quick else (200, 25)))
    click.echo(f"terminals={figures['terminals']} dossiers={figures['dossiers']} "
               f"centre_cpu_ms_per_dossier={figures['centre_cpu_ms']:.2f} "
               f"database_cpu_ms_per_dossier={figures['database_cpu_ms']:.2f} "
               f"dossiers_per_s={figures['dossiers_per_s']:.0f} duplicates={figures['duplicates']}")
    verdict((figures["dossiers_per_s"] >= INGEST_PER_S, f"dossiers_per_s {figures['dossiers_per_s']:.0f} < {INGEST_PER_S}"),
            (not figures["duplicates"], f"{figures['duplicates']} duplicates"))


@bench.command("lookup")
@click.option("--quick", is_flag=True, help="100 thousand and 1 million dossiers instead of 1 and 10 million.")
@click.option("--database-url", default=None)
def bench_lookup(quick, database_url):
    """Lookup by code at 1 M and 10 M dossiers on PostgreSQL; exits 1 over budget at the larger size."""
    from benchmarks import central as central_bench

    sizes = (100_000, 1_000_000) if quick else (1_000_000, 10_000_000)
    figures = central_bench.run_lookup(database_url or central_bench.bench_url("lookup"), sizes)
    for size, timing in figures.items():
        click.echo(f"dossiers={size} lookup_ms_median={timing['median']:.3f} lookup_ms_p99={timing['p99']:.3f}")
    p99 = figures[sizes[-1]]["p99"]
    click.echo(f"lookup_ms_p99={p99:.3f}")
    verdict((p99 <= LOOKUP_MS_P99, f"lookup_ms_p99 {p99:.3f} > {LOOKUP_MS_P99}"))


@bench.command("sync")
@click.option("--messages", default=10_000, show_default=True)
@click.option("--outage-s", default=1200.0, show_default=True,
              help="How long the link is cut (a moved clock, not waited): longer than the longest back-off.")
@click.option("--database-url", default=None)
def bench_sync(messages, outage_s, database_url):
    """Dossiers queued during a long outage, delivered to a centre on PostgreSQL once the link is back;
    exits non-zero when they miss the budget (10,000 within 60 s, DESIGN §11)."""
    from benchmarks import sync as sync_bench
    from benchmarks.central import bench_url

    figures = sync_bench.run(database_url or bench_url("sync"), messages, outage_s)
    click.echo(f"messages={figures['messages']} outage_s={figures['outage_s']:.0f} probes={figures['probes']} "
               f"longest_backoff_s={figures['longest_backoff_s']:.1f} delivered={figures['delivered']} "
               f"left={figures['left']} send_s={figures['send_s']:.1f} budget_s={figures['budget_s']:.0f} catchup_s={figures['catchup_s']:.1f}")
    if figures["delivered"] < messages or figures["left"] or figures["catchup_s"] > figures["budget_s"]:
        raise click.ClickException("budget missed: every dossier must reach the centre within "
                                   f"{figures['budget_s']:.0f} s of the link coming back")


@bench.command("reports")
@click.option("--quick", is_flag=True, help="200 thousand dossiers instead of 10 million.")
@click.option("--database-url", default=None)
def bench_reports(quick, database_url):
    """The one-month city report over a generated data set on PostgreSQL; exits 1 over budget."""
    from benchmarks import reports as reports_bench
    from benchmarks.central import bench_url

    # The quick run has a database of its own: it must not empty the 10 M one, which takes long to make.
    figures = reports_bench.run(database_url or bench_url("reports_quick" if quick else "reports"),
                                200_000 if quick else 10_000_000)
    click.echo(f"dossiers={figures['dossiers']} wards={figures['wards']} month_dossiers={figures['month_dossiers']} "
               f"returned={figures['returned']} on_time_pct={figures['on_time_pct']:.2f} "
               f"report_s={figures['report_s']:.3f}")
    verdict((figures["report_s"] <= REPORT_S, f"report_s {figures['report_s']:.3f} > {REPORT_S}"))


@bench.command("pages")
@click.option("--quick", is_flag=True, help="2 rounds of 1 s per server instead of 6 of 4 s.")
@click.option("--min-ratio", default=0.60, show_default=True, help="The kiosk's requests/s over the bare page's.")
@click.option("--max-p99-ms", default=10.0, show_default=True)
def bench_pages(quick, min_ratio, max_p99_ms):
    """The procedure list under 4 terminals' load, beside a bare Flask + Jinja page of the same size; exits 1
    over budget."""
    from benchmarks import pages as pages_bench

    figures = pages_bench.run(*((2, 1.0) if quick else (6, 4.0)))
    click.echo(pages_bench.format_line(figures))
    verdict((figures["ratio"] >= min_ratio, f"ratio {figures['ratio']:.2f} < {min_ratio}"),
            (figures["kiosk_p99_ms"] <= max_p99_ms, f"kiosk_p99_ms {figures['kiosk_p99_ms']:.2f} > {max_p99_ms}"))


@bench.command("memory")
@click.option("--rounds", default=20, show_default=True,
              help="Walks through the catalogue, each filing the two sample dossiers.")
def bench_memory(rounds):
    """A terminal's server process: resident memory after residents have walked and filed through it; exits 1
    over budget."""
    from benchmarks import memory as memory_bench

    figures = memory_bench.run(rounds)
    click.echo(memory_bench.format_line(figures))
    verdict((figures["rss_mb"] <= TERMINAL_RSS_MB, f"rss_mb {figures['rss_mb']:.1f} > {TERMINAL_RSS_MB}"))


@bench.command("soak")
@click.option("--minutes", default=10.0, show_default=True)
@click.option("--rate", default=2.0, show_default=True, help="Dossiers filed a second through the terminal.")
@click.option("--database-url", default=None, help="The centre's PostgreSQL (emptied); kiosk_soak_bench by default.")
@click.option("--sample-s", default=10.0, show_default=True, help="Seconds between memory samples.")
@click.option("--rss-budget-mb", default=120.0, show_default=True)
@click.option("--growth-budget-mb", default=2.0, show_default=True, help="Over the run's last half.")
def bench_soak(minutes, rate, database_url, sample_s, rss_budget_mb, growth_budget_mb):
    """A terminal and its centre served as on a ward's machines, residents filing at RATE dossiers/s with
    look-ups and a guide's reads; the terminal's memory sampled. Exits 1 over budget."""
    from benchmarks import soak as soak_bench

    figures = soak_bench.run(database_url or soak_bench.default_url(), minutes, rate, sample_s,
                             rss_budget_mb, growth_budget_mb, echo=click.echo)
    click.echo(soak_bench.format_line(figures))
    if figures["last_error"]:
        click.echo(f"last error: {figures['last_error']}", err=True)
    for line in figures["server_errors"]:
        click.echo(f"server: {line}", err=True)
    verdict(*((False, missed) for missed in figures["misses"]))
