"""`kiosk browser`: the terminal's screen."""
import click

from kiosk.config import SETTINGS, value

from . import browser as kiosk_browser


@click.command("browser")
@click.option("--url", default=lambda: value("BROWSER_URL"), show_default=f"{SETTINGS['BROWSER_URL'].label}, else {SETTINGS['BROWSER_URL'].default}",
              help="The terminal's own pages (where `kiosk serve` listens).")
@click.option("--chromium", default=lambda: value("CHROMIUM"), show_default=f"{SETTINGS['CHROMIUM'].label}, else found on PATH",
              help="Chromium's path (found on PATH if unset).")
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
