"""`kiosk browser`: the terminal's screen."""
import click

from . import browser as kiosk_browser


@click.command("browser")
@click.option("--url", envvar="KIOSK_BROWSER_URL", default="http://127.0.0.1:8080/", show_default=True,
              help="The terminal's own pages (where `kiosk serve` listens).")
@click.option("--chromium", envvar="KIOSK_CHROMIUM", default=None, help="Chromium's path (found on PATH if unset).")
@click.option("--wait", default=120, show_default=True, help="Seconds to wait for the server before starting.")
@click.option("--restarts", type=int, default=None, hidden=True, help="Stop after this many restarts (tests).")
def browser(url, chromium, wait, restarts):
    """Chromium full screen on the terminal's pages, in kiosk mode; started again if it dies."""
    chromium = chromium or kiosk_browser.find_chromium()
    if chromium is None:
        raise click.ClickException("Chromium is not installed (apt-get install chromium)")
    if not kiosk_browser.wait_for_server(url, wait):
        click.echo(f"{url} does not answer yet; starting Chromium anyway", err=True)
    kiosk_browser.run(chromium, url, restarts, log=lambda line: click.echo(line, err=True))
