"""Deadlines with a moved clock: a late hand-over, the office queue's filters, rejection, working-day overrides."""
import re
from datetime import date, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from kiosk.auth.services import create_user
from kiosk.cli import main
from kiosk.core.calendar import WorkingCalendar
from kiosk.dossiers.calendar import due_date
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from kiosk.reports.figures import compute
from tests.support import (
    BIRTH,
    answer,
    csrf_token,
    make_app,
    pdf_text,
    production_env,
    set_clock,
    sign_in,
    start,
    submit,
)

MONDAY = date(2026, 12, 7)


def at(day: date, hour: int = 9) -> datetime:
    """`hour` o'clock in Hanoi on `day`, as a naive UTC timestamp (Hanoi is UTC+7)."""
    return datetime(day.year, day.month, day.day, hour) - timedelta(hours=7)


def file_birth(client):
    start(client)
    for step_id, values in BIRTH.items():
        answer(client, step_id, values)
    response, _ = submit(client)
    client.post("/finish", data={"csrf_token": csrf_token(client, "/lookup")})
    return response.headers["Location"].split("/")[2]


def the_dossier(app, code):
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.code == code))
        db.session.expunge(dossier)
        return dossier


@pytest.fixture
def officer(app):
    with app.app_context():
        create_user("hoa", "officer password 1", "Nguyễn Thị Hoa", "officer", "09556")


def act(client, code, action, **data):
    token = csrf_token(client, f"/office/dossiers/{code}")
    fields = {f"{action}-{name}": value for name, value in data.items()}  # each action's form is prefixed
    return client.post(f"/office/dossiers/{code}/{action}",
                       data={"csrf_token": token, f"{action}-confirmed": "yes", **fields})


def sign_out(client):
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/staff/sign-in")})


def hand_over(client, code):
    token = csrf_token(client, f"/staff/dossiers/{code}/hand-over")
    return client.post(f"/staff/dossiers/{code}/hand-over", data={
        "csrf_token": token, "collector": "applicant", "name": "Trần Thị Mai", "id_number": "001195012345"})


def test_a_hand_over_after_the_due_date_is_late_in_history_slip_and_figures(client, app, officer, guide,
                                                                            time_machine, tmp_path):
    set_clock(time_machine, at(MONDAY, 16), tick=True)
    code = file_birth(client)
    due_on = the_dossier(app, code).due_on
    assert due_on == MONDAY + timedelta(days=1)  # in the day, but received after 15:00: the next working day
    sign_in(client, "hoa", "officer password 1")
    act(client, code, "receive")
    act(client, code, "ready", reason="Giấy khai sinh số 123/2026")
    sign_out(client)

    set_clock(time_machine, at(due_on + timedelta(days=2), 10), tick=True)  # the resident comes two days late
    sign_in(client)
    assert hand_over(client, code).headers["Location"] == f"/staff/dossiers/{code}/handed-over"
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.code == code))
        returned = dossier.events[-1]
        assert dossier.status == "returned" and returned.kind == "returned"
        assert returned.at.date() == due_on + timedelta(days=2)
        assert returned.reason.startswith("late")
        figures = compute(date(2026, 12, 1), date(2026, 12, 31), "09556")
        assert figures.returned == 1 and figures.returned_on_time == 0 and figures.on_time_rate == 0
    text = pdf_text(client.get(f"/staff/dossiers/{code}/result-slip.pdf").data, tmp_path)
    assert re.search(r"Đúng hạn/trễ hạn\s+Trễ hạn", text), text


def test_the_office_queue_filters_by_status_and_due_date(client, app, officer, time_machine):
    set_clock(time_machine, at(MONDAY), tick=True)
    overdue, soon, later, received, rejected = (file_birth(client) for _ in range(5))
    with app.app_context():
        for code, due in ((overdue, MONDAY - timedelta(days=1)), (soon, MONDAY + timedelta(days=2)),
                          (later, MONDAY + timedelta(days=10)), (received, MONDAY + timedelta(days=10)),
                          (rejected, MONDAY - timedelta(days=3))):
            db.session.scalar(select(Dossier).where(Dossier.code == code)).due_on = due
        db.session.commit()
    sign_in(client, "hoa", "officer password 1")
    act(client, received, "receive")
    act(client, rejected, "reject", reason="Không thuộc thẩm quyền của phường")

    def listed(query):
        html = client.get(f"/office/{query}").get_data(as_text=True)
        return {code for code in (overdue, soon, later, received, rejected) if code in html}

    assert listed("") == {overdue, soon, later, received}  # open ones only, by default
    assert listed("?status=received") == {received}
    assert listed("?status=rejected") == {rejected}
    assert listed("?status=submitted") == {overdue, soon, later}
    assert listed("?due=overdue") == {overdue}  # a closed dossier past its date is not overdue
    assert listed("?due=soon") == {soon}
    assert listed("?status=submitted&due=soon") == {soon}
    assert listed("?status=received&due=overdue") == set()


def test_rejection_needs_a_reason_and_ends_the_dossier(client, app, officer):
    code = file_birth(client)
    sign_in(client, "hoa", "officer password 1")
    act(client, code, "receive")
    no_reason = act(client, code, "reject")
    assert no_reason.status_code == 400 and "Ghi lý do" in no_reason.get_data(as_text=True)
    assert the_dossier(app, code).status == "received"
    assert act(client, code, "reject", reason="Giấy chứng sinh không hợp lệ").status_code == 302
    assert the_dossier(app, code).status == "rejected"
    again = act(client, code, "ready", reason="Giấy khai sinh số 1")
    assert again.status_code == 409 and "Không thể thực hiện" in again.get_data(as_text=True)
    assert act(client, code, "receive").status_code == 409
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.code == code))
        history = [(e.kind, e.actor, e.reason) for e in dossier.events if e.kind != "viewed"]
        assert history[-1] == ("rejected", "officer:hoa", "Giấy chứng sinh không hợp lệ")
        assert dossier.status == "rejected" and [k for k, _a, _r in history].count("rejected") == 1


@pytest.fixture
def cli_app(tmp_path, monkeypatch):
    """An installation set up by `kiosk init`, driven by the CLI and by a test client on the same database."""
    production_env(monkeypatch, tmp_path)
    monkeypatch.setenv("KIOSK_INSTANCE_PATH", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'kiosk.db'}")
    yield app, runner
    with app.app_context():
        db.engine.dispose()


def test_in_the_day_is_today_until_15_00_then_the_next_working_day(client, app, time_machine):
    """Birth registration is done in the day (Law on Civil Status art. 16(2)); a dossier received at or
    after 15:00 is due the next working day."""
    set_clock(time_machine, at(MONDAY, 10), tick=True)
    assert the_dossier(app, file_birth(client)).due_on == MONDAY
    set_clock(time_machine, at(MONDAY, 14) + timedelta(minutes=58), tick=True)
    assert the_dossier(app, file_birth(client)).due_on == MONDAY
    friday = date(2026, 12, 11)
    set_clock(time_machine, at(friday, 15), tick=True)
    assert the_dossier(app, file_birth(client)).due_on == date(2026, 12, 14)  # the weekend is off: Monday
    # The boundary itself, which a ticking clock passes before the filing is stored: 15:00 sharp is after.
    birth, calendar = app.extensions["catalogue"].get("khai-sinh"), WorkingCalendar()
    assert due_date(birth, at(friday, 15), calendar) == date(2026, 12, 14)
    assert due_date(birth, at(friday, 15) - timedelta(microseconds=1), calendar) == friday
    page = client.get("/procedures/khai-sinh").get_data(as_text=True)
    assert "Trả trong ngày (nhận sau 15 giờ: trả trong ngày làm việc tiếp theo)" in page


def test_working_day_overrides_set_through_the_cli_move_due_dates_and_figures(cli_app, time_machine):
    app, runner = cli_app
    with app.app_context():
        create_user("hoa", "officer password 1", "Nguyễn Thị Hoa", "officer", "09556")
        create_user("lan", "correct horse battery", "Trần Thị Lan")
    client = app.test_client()
    set_clock(time_machine, at(MONDAY, 16), tick=True)  # after 15:00: due the next working day
    before = file_birth(client)
    trial = runner.invoke(main, ["calendar", "set", "2026-12-08", "day_off", "--dry-run"])
    assert trial.exit_code == 0 and "nothing changed" in trial.output and before in trial.output
    assert the_dossier(app, file_birth(client)).due_on == date(2026, 12, 8)  # a dry run changes nothing
    result = runner.invoke(main, ["calendar", "set", "2026-12-08", "day_off", "--note", "Ngày nghỉ bù"])
    assert result.exit_code == 0, result.output
    assert f"{before}  Trần Thị Mai  08/12/2026 -> 09/12/2026" in result.output  # its receipt said Tuesday
    after = file_birth(client)
    assert the_dossier(app, before).due_on == date(2026, 12, 8)
    assert the_dossier(app, after).due_on == date(2026, 12, 9)  # Tuesday is off: Wednesday

    friday = date(2026, 12, 11)
    set_clock(time_machine, at(friday, 16), tick=True)
    assert file_birth(client)
    earlier = runner.invoke(main, ["calendar", "set", "12/12/2026", "working_day"])
    assert earlier.exit_code == 0
    assert "No printed due date moves later." in earlier.output  # a worked Saturday only brings dates forward
    worked_saturday = file_birth(client)
    assert the_dossier(app, worked_saturday).due_on == date(2026, 12, 12)

    # Handed over on Wednesday: on time for the dossier the day off moved, so the figures count it on time.
    sign_in(client, "hoa", "officer password 1")
    act(client, after, "receive")
    act(client, after, "ready", reason="Giấy khai sinh số 9/2026")
    sign_out(client)
    set_clock(time_machine, at(date(2026, 12, 9), 15), tick=True)
    sign_in(client)
    hand_over(client, after)
    with app.app_context():
        figures = compute(date(2026, 12, 1), date(2026, 12, 31), "09556")
        assert figures.returned == 1 and figures.returned_on_time == 1
