"""`kiosk terminals …`: terminals registered with the centre. Every change is kept in the terminal's
history (`kiosk terminals history ID`): what was done, by whom, when."""
import getpass
import socket

import click

from kiosk.cli import app_or_fail


def _operator() -> str:
    """Who runs the command: the system account and the machine, as the audit trail names them."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a bare container)
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


_BY = click.option("--by", "actor", default=_operator, show_default="the system user @ this machine",
                   help="Who is making the change, for the terminal's history.")
_REASON = click.option("--reason", default=None, help="Why, for the terminal's history.")


def _show_key(terminal_id: str, key: str) -> None:
    click.echo(f"terminal id: {terminal_id}")
    click.echo(f"terminal key (shown once; set KIOSK_TERMINAL_KEY on the terminal): {key}")


@click.group()
def terminals():
    """Terminals registered with the centre (run on the central server)."""


@terminals.command("add")
@click.argument("ward")
@click.option("--number", default=1, show_default=True, help="The terminal's number within the ward.")
@_BY
def add_terminal(ward, number, actor):
    """Register a terminal; prints its id and key once."""
    from kiosk.central.terminals import TerminalRefused, register_terminal

    with app_or_fail().app_context():
        try:
            terminal_id, key = register_terminal(ward, number, actor)
        except TerminalRefused as refused:
            raise click.ClickException(str(refused)) from refused
    _show_key(terminal_id, key)


@terminals.command("revoke")
@click.argument("terminal_id")
@_BY
@_REASON
def revoke(terminal_id, actor, reason):
    """Refuse every further request from a terminal."""
    from kiosk.central.terminals import revoke_terminal

    with app_or_fail().app_context():
        if not revoke_terminal(terminal_id, actor, reason):
            raise click.ClickException(f"no terminal {terminal_id}")
    click.echo(f"revoked {terminal_id}")


@terminals.command("restore")
@click.argument("terminal_id")
@click.option("--new-key", is_flag=True, help="Also give it a new key (when the old one may be known to others).")
@_BY
@_REASON
def restore(terminal_id, new_key, actor, reason):
    """Accept a revoked terminal again; what it could not send meanwhile is sent on its next pass."""
    from kiosk.central.terminals import TerminalRefused, restore_terminal

    with app_or_fail().app_context():
        try:
            key = restore_terminal(terminal_id, actor, reason, new_key=new_key)
        except TerminalRefused as refused:
            raise click.ClickException(str(refused)) from refused
    click.echo(f"restored {terminal_id}")
    if key:
        _show_key(terminal_id, key)


@terminals.command("rekey")
@click.argument("terminal_id")
@_BY
@_REASON
def rekey(terminal_id, actor, reason):
    """Give a terminal a new key; its old key stops working (within 5 s on every centre process)."""
    from kiosk.central.terminals import TerminalRefused, rekey_terminal

    with app_or_fail().app_context():
        try:
            key = rekey_terminal(terminal_id, actor, reason)
        except TerminalRefused as refused:
            raise click.ClickException(str(refused)) from refused
    _show_key(terminal_id, key)


@terminals.command("history")
@click.argument("terminal_id")
def show_history(terminal_id):
    """What was done to a terminal's registration, by whom and when (UTC)."""
    from kiosk.central.terminals import history

    with app_or_fail().app_context():
        events = history(terminal_id)
        if not events:
            raise click.ClickException(f"no terminal {terminal_id}")
        for event in events:
            why = f"  ({event.reason})" if event.reason else ""
            click.echo(f"{event.at.isoformat(timespec='seconds')}Z  {event.action:<8}  {event.actor}{why}")
