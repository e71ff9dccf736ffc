"""The working-day calendar is the centre's: an override made there reaches the terminal over real HTTP,
both ends then give a new filing the same due date, and the dossiers whose printed date it moves later are
listed (CLI, the guide's page, the officer's page) for an apology slip."""
from datetime import date, datetime, timedelta

from click.testing import CliRunner
from sqlalchemy import select

from kiosk.auth.services import create_user
from kiosk.central.models import FeedEntry, FeedHold
from kiosk.central.services import feed
from kiosk.central.terminals import known_terminal, register_terminal
from kiosk.cli import main
from kiosk.dossiers import commands
from kiosk.dossiers.calendar import CalendarOverride, current_calendar
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from kiosk.sync import link, worker
from tests.support import csrf_token, set_clock, sign_in

from .test_sync import file_dossiers

MONDAY = date(2026, 12, 7)


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour) - timedelta(hours=7)  # Hanoi is UTC+7


def sync(app):
    with app.app_context():
        link.current().next_attempt_at = None
        db.session.commit()
        return worker.sync_once(force=True)


def calendar_cli(monkeypatch, app, *args):
    monkeypatch.setattr(commands, "app_or_fail", lambda: app)
    return CliRunner().invoke(main, ["calendar", "set", *args])


def due_on(app, code):
    with app.app_context():
        return db.session.scalar(select(Dossier.due_on).where(Dossier.code == code))


def test_an_override_set_at_the_centre_gives_the_terminal_the_centres_due_dates(
        terminal_app, central_app, monkeypatch, time_machine):
    set_clock(time_machine, at(MONDAY, 16), tick=True)  # after 15:00: birth registration is due the next working day
    [promised] = file_dossiers(terminal_app)
    assert due_on(terminal_app, promised) == date(2026, 12, 8)  # in the day, but received after 15:00: Tuesday
    assert sync(terminal_app)["sent"] == 1

    # On a terminal the command refuses: a local override would give due dates the centre does not give.
    refused = calendar_cli(monkeypatch, terminal_app, "2026-12-08", "day_off")
    assert refused.exit_code != 0 and "set at the centre" in refused.output
    with terminal_app.app_context():
        assert db.session.scalars(select(CalendarOverride)).all() == []

    made = calendar_cli(monkeypatch, central_app, "2026-12-08", "day_off", "--note", "Nghỉ bù")
    assert made.exit_code == 0, made.output
    assert "08/12/2026 is now a day off" in made.output
    [line] = [line for line in made.output.splitlines() if promised in line]  # the promise it breaks
    assert "Trần Thị Mai" in line and line.endswith("08/12/2026 -> 09/12/2026")

    assert sync(terminal_app)["applied"] == 1  # the override, from the centre's feed
    with terminal_app.app_context():
        row = db.session.get(CalendarOverride, date(2026, 12, 8))
        assert (row.kind, row.note) == ("day_off", "Nghỉ bù")
    [after] = file_dossiers(terminal_app)
    assert sync(terminal_app)["sent"] == 1
    with central_app.app_context():
        centres = current_calendar().due_on(MONDAY, 1, "working_days")
    assert due_on(terminal_app, after) == due_on(central_app, after) == centres == date(2026, 12, 9)
    assert due_on(terminal_app, promised) == date(2026, 12, 8)  # a printed date is never rewritten

    # The guide's list names the dossier whose receipt promised Tuesday, with Wednesday, and offers the slip.
    with terminal_app.app_context():
        create_user("lan", "correct horse battery", "Trần Thị Lan")
    guide = terminal_app.test_client()
    sign_in(guide)
    page = guide.get("/staff/due-dates-moved").get_data(as_text=True)
    assert promised in page and "09/12/2026" in page and after not in page
    assert f"/staff/dossiers/{promised}/apology" in page
    form = guide.get(f"/staff/dossiers/{promised}/apology").get_data(as_text=True)
    assert 'value="09/12/2026"' in form  # the new date is offered
    token = csrf_token(guide, f"/staff/dossiers/{promised}/apology")
    issued = guide.post(f"/staff/dossiers/{promised}/apology",
                        data={"csrf_token": token, "new_date": "09/12/2026", "reason": "Lịch làm việc thay đổi"})
    assert issued.status_code in (200, 302)
    assert promised not in guide.get("/staff/due-dates-moved").get_data(as_text=True)  # apologised for

    # The officer at the centre sees it too (nobody has apologised there).
    with central_app.app_context():
        create_user("hoa", "officer password 1", "Nguyễn Thị Hoa", "officer", "09556")
    officer = central_app.test_client()
    sign_in(officer, "hoa", "officer password 1")
    page = officer.get("/office/due-dates-moved").get_data(as_text=True)
    assert promised in page and "09/12/2026" in page and after not in page

    # A later change lists only what it moves itself: a worked Saturday moves nothing later.
    unrelated = calendar_cli(monkeypatch, central_app, "2026-12-12", "working_day")
    assert "No printed due date moves later." in unrelated.output and promised not in unrelated.output

    # Removing the override at the centre brings both ends back to the law's calendar.
    assert calendar_cli(monkeypatch, central_app, "2026-12-08", "none").exit_code == 0
    assert sync(terminal_app)["applied"] == 2
    with terminal_app.app_context():
        assert db.session.get(CalendarOverride, date(2026, 12, 8)) is None


def test_a_terminal_registered_later_reads_every_override(central_app, monkeypatch):
    assert calendar_cli(monkeypatch, central_app, "2026-12-12", "working_day").exit_code == 0
    with central_app.app_context():
        register_terminal("09557", 3)
        entries = feed(known_terminal("09557-03"), 0)["entries"]
        assert [(e["kind"], e["data"]["day"], e["data"]["override"]) for e in entries] == [
            ("calendar", "2026-12-12", "working_day")]


def test_an_override_the_terminal_cannot_apply_holds_its_cursor(terminal_app, central_app, monkeypatch,
                                                                 guide_on_terminal):
    with central_app.app_context():
        db.session.add(FeedEntry(terminal_id="*", kind="calendar", actor="cli", data={"day": "8 Dec"}))
        db.session.commit()
    assert calendar_cli(monkeypatch, central_app, "2026-12-12", "working_day").exit_code == 0
    assert sync(terminal_app)["applied"] == 0
    with terminal_app.app_context():
        state = link.current()
        assert state.feed_held_entry is not None and "not a working-day override" in state.feed_held_reason
        assert worker._state("feed_cursor") in ("", "0")
        assert db.session.get(CalendarOverride, date(2026, 12, 12)) is None  # nothing overtakes the held entry
    dashboard = guide_on_terminal.get("/staff/").get_data(as_text=True)
    assert "Một thay đổi lịch ngày làm việc từ trung tâm không áp dụng được" in dashboard
    with central_app.app_context():
        hold = db.session.get(FeedHold, "09556-01")  # and the centre has been told where this terminal waits
        assert hold is not None and hold.dossier_code is None and "8 Dec" in hold.reason
