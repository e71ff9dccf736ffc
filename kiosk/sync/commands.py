"""`kiosk sync`: one sync pass by hand on a terminal; exits non-zero, saying why, when the centre refuses
or cannot be reached, so a technician (or a script) sees the cause."""
import click
from flask_babel import force_locale

from kiosk.cli import app_or_fail


@click.command("sync")
@click.option("--retry", is_flag=True, help="Send at once everything held back (once its cause is fixed).")
def sync(retry):
    """One sync pass with the centre: send the outbox, apply the feed (role terminal)."""
    from kiosk.extensions import db

    from . import link, status
    from .worker import sync_once

    app = app_or_fail()
    if app.config["ROLE"] != "terminal" or not app.config["CENTRAL_URL"] or not app.config["TERMINAL_KEY"]:
        raise click.ClickException("sync needs KIOSK_ROLE=terminal, KIOSK_CENTRAL_URL and KIOSK_TERMINAL_KEY")
    with app.app_context():
        if retry:
            click.echo(f"released={link.release()}")
        counts = sync_once(force=True)
        click.echo(" ".join(f"{k}={counts[k]}" for k in ("sent", "held", "waiting", "applied", "link")))
        with force_locale("en"):
            box = status.sync_box()
        state = link.current()
        detail = state.refusal_detail or state.unreachable_detail  # the centre's own words, for a technician
        db.session.remove()
    for note in box.notes:
        click.echo(note)
    reasons = list(box.problems) + ([f"(details: {detail})"] if detail and box.problems else [])
    if box.held_count:
        reasons.append(f"{box.held_count} message(s) held back, the centre refusing them: "
                       + "; ".join(f"{m.dossier_code} ({m.stuck_reason})" for m in box.held[:5])
                       + " — correct the cause, then run `kiosk sync --retry`")
    if reasons:
        raise click.ClickException("\n".join(reasons))
