"""The access policy beyond the matrix's status codes: refused work changes nothing, a wrong ward's dossier is
never found by any way in (typed code, bank statement, figures), the administrator's role, and ending an
account's sessions for good."""
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from kiosk.auth.models import StaffSession, StaffUser
from kiosk.auth.services import create_user
from kiosk.cli import main
from kiosk.dossiers import services
from kiosk.dossiers.models import Dossier, DossierEvent
from kiosk.dossiers.states import Status
from kiosk.extensions import db
from kiosk.payments.models import Payment
from tests.support import csrf_token, make_app, production_env, sign_in

A, B = "09556", "09557"
NAMES = {A: "Lê Thị An", B: "Phạm Văn Bình"}


def _file(app, ward, status=Status.SUBMITTED):
    procedure = app.extensions["catalogue"].get("xac-nhan-tinh-trang-hon-nhan")
    answers = {"full_name": NAMES[ward], "birth_date": "1988-04-12", "sex": "female", "id_number": "001188004512",
               "residence": "Hà Nội", "marital_status": "single", "purpose": "Để kết hôn", "phone": "0987654321"}
    with app.app_context():
        dossier = services.submit(procedure, answers, submission_key=f"k-{ward}", terminal=services.Terminal(ward, 1),
                                  actor="resident")
        for step in {Status.RESULT_READY: [Status.RECEIVED, Status.RESULT_READY]}.get(status, []):
            services.transition(dossier, step, "officer:test", "ok")
        return dossier.code


@pytest.fixture
def staff(app):
    with app.app_context():
        for name, role, agency, ward in [("guide_a", "guide", None, None), ("guide_b", "guide", None, B),
                                         ("sup_a", "supervisor", None, A), ("sup_b", "supervisor", None, B),
                                         ("off_b", "officer", B, None), ("admin", "admin", None, None)]:
            create_user(name, f"{name} password", name, role, agency).ward_code = ward
        db.session.commit()


def _as(client, name):
    return sign_in(client, name, f"{name} password")


def _events(app, code):
    with app.app_context():
        return db.session.scalars(select(DossierEvent.kind).join(Dossier).where(Dossier.code == code)).all()


def test_a_supervisor_of_another_ward_cannot_hand_over(app, client, staff):
    code = _file(app, A, Status.RESULT_READY)
    _as(client, "sup_b")
    data = {"csrf_token": csrf_token(client, "/staff/hand-over"), "collector": "applicant",
            "name": "Lê Thị An", "id_number": "001188004512"}
    response = client.post(f"/staff/dossiers/{code}/hand-over", data=data)
    assert response.status_code == 404 and NAMES[A] not in response.get_data(as_text=True)
    assert "returned" not in _events(app, code)
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/staff/hand-over")})
    _as(client, "sup_a")  # the dossier's own ward may: the refusal above was the policy, not the form
    data["csrf_token"] = csrf_token(client, "/staff/hand-over")
    assert client.post(f"/staff/dossiers/{code}/hand-over", data=data).status_code == 302
    assert "returned" in _events(app, code)


def test_an_officer_records_no_payment_and_reads_nothing_at_the_counter(app, client, staff):
    code = _file(app, A)
    _as(client, "off_b")
    token = csrf_token(client, "/office/")
    assert client.post(f"/staff/dossiers/{code}/payment", data={"csrf_token": token, "method": "cash"}).status_code == 403
    page = client.get(f"/staff/dossiers/{code}")
    assert page.status_code == 403 and NAMES[A] not in page.get_data(as_text=True)
    assert "không được xem trang này" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Payment)) == 0
    assert _events(app, code) == ["submitted"]  # not even a "viewed"


def test_a_typed_code_of_another_ward_is_unknown_at_the_hand_over_desk(app, client, staff):
    code = _file(app, A, Status.RESULT_READY)
    _as(client, "guide_b")
    token = csrf_token(client, "/staff/hand-over")
    response = client.post("/staff/hand-over", data={"csrf_token": token, "receipt": code})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Không có hồ sơ nào" in html and NAMES[A] not in html
    client.post("/staff/sign-out", data={"csrf_token": token})
    _as(client, "guide_a")  # the terminal's own guide finds it
    response = client.post("/staff/hand-over", data={"csrf_token": csrf_token(client, "/staff/hand-over"),
                                                     "receipt": code})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/dossiers/{code}/hand-over")


def test_a_bank_statement_matches_only_the_readers_dossiers(app, client, staff):
    code = _file(app, A)
    statement = f"date,amount,description\n30/11/2026,15000,LE THI AN {code.replace('-', ' ')}\n".encode()

    def reconcile(user):
        _as(client, user)
        token = csrf_token(client, "/staff/reconciliation")
        from io import BytesIO
        html = client.post("/staff/reconciliation", data={"csrf_token": token, "statement": (BytesIO(statement), "s.csv")},
                           content_type="multipart/form-data").get_data(as_text=True)
        client.post("/staff/sign-out", data={"csrf_token": token})
        return html

    assert code not in reconcile("sup_b") and "Không có hồ sơ" in reconcile("sup_b")
    assert code in reconcile("sup_a") and code in reconcile("admin")


def test_a_guide_cannot_sign_in_at_the_centre(tmp_path):
    central = make_app(tmp_path, ROLE="central")
    with central.app_context():
        db.create_all()
        create_user("lan", "guide password 1", "Trần Thị Lan").ward_code = A
        db.session.commit()
    client = central.test_client()
    response = sign_in(client, "lan", "guide password 1")
    assert response.status_code == 403 and "máy tra cứu của phường" in response.get_data(as_text=True)
    assert client.get("/staff/sign-in").status_code == 200
    assert client.get("/reports/").status_code == 302  # signed out again: nothing of theirs is reachable
    with central.app_context():
        assert db.session.scalar(select(func.count()).select_from(StaffSession)) == 0
        central_engine = db.engine
    central_engine.dispose()


def test_a_supervisor_without_a_ward_at_the_centre_reads_no_city_figures(tmp_path):
    central = make_app(tmp_path, ROLE="central")
    with central.app_context():
        db.create_all()
        create_user("thu", "supervisor password", "Đỗ Thị Thu", "supervisor")
    client = central.test_client()
    sign_in(client, "thu", "supervisor password")
    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/export/ward.csv").status_code == 403
    with central.app_context():
        db.engine.dispose()


# The administrator: every ward to read and decide on, every ward's figures; no counter work.

def test_the_administrator_reads_and_decides_for_every_ward(app, client, staff):
    codes = {ward: _file(app, ward) for ward in (A, B)}
    assert _as(client, "admin").headers["Location"] == "/office/"
    queue = client.get("/office/").get_data(as_text=True)
    assert codes[A] in queue and codes[B] in queue
    token = csrf_token(client, "/office/")
    assert client.post(f"/office/dossiers/{codes[B]}/receive", data={"csrf_token": token}).status_code == 302
    assert "received" in _events(app, codes[B])
    figures = client.get(f"/reports/export/ward.csv?ward={B}").get_data(as_text=True)
    assert "Phường Ngọc Hà;" in figures and "Phường Ba Đình;" not in figures
    every = client.get("/reports/export/ward.csv").get_data(as_text=True)
    assert "Phường Ba Đình;" in every and "Phường Ngọc Hà;" in every


def test_the_administrator_does_no_counter_work(app, client, staff):
    code = _file(app, A)
    _as(client, "admin")
    token = csrf_token(client, "/office/")
    assert client.post(f"/staff/dossiers/{code}/payment", data={"csrf_token": token, "method": "cash"}).status_code == 403
    assert client.get(f"/staff/dossiers/{code}/receipt.pdf").status_code == 403
    assert client.post("/staff/assist", data={"csrf_token": token}).status_code == 403
    nav = client.get("/staff/reconciliation").get_data(as_text=True)
    assert "/staff/hand-over" not in nav and "/reports/" in nav  # the menu offers only the admin's work
    assert _events(app, code) == ["submitted"]


# Ending an account's sessions: `kiosk users disable|remove`, and an old cookie stays dead after `enable`.

@pytest.fixture
def cli_app(tmp_path, monkeypatch):
    production_env(monkeypatch, tmp_path)
    monkeypatch.setenv("KIOSK_INSTANCE_PATH", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'kiosk.db'}")
    result = runner.invoke(main, ["users", "add", "lan", "--name", "Trần Thị Lan"],
                           input="guide password 1\nguide password 1\n")
    assert result.exit_code == 0, result.output
    yield app, runner
    with app.app_context():
        db.engine.dispose()


def _signed_in_twice(app):
    """Two browsers signed in as the same guide; both reach the dashboard."""
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        assert sign_in(client, "lan", "guide password 1").headers["Location"] == "/staff/"
        assert client.get("/staff/").status_code == 200
    return clients


def test_disable_ends_every_session_and_enable_does_not_revive_them(cli_app):
    app, runner = cli_app
    clients = _signed_in_twice(app)
    result = runner.invoke(main, ["users", "disable", "lan"])
    assert result.exit_code == 0 and "ended 2 session(s)" in result.output
    for client in clients:
        assert client.get("/staff/").headers["Location"].startswith("/staff/sign-in")
    assert runner.invoke(main, ["users", "enable", "lan"]).exit_code == 0
    for client in clients:  # the same cookie as before: still dead
        assert client.get("/staff/").headers["Location"].startswith("/staff/sign-in")
    fresh = app.test_client()
    assert sign_in(fresh, "lan", "guide password 1").headers["Location"] == "/staff/"  # enabled: a new sign-in works


def test_a_disabled_account_cannot_sign_in(cli_app):
    app, runner = cli_app
    runner.invoke(main, ["users", "disable", "lan"])
    assert sign_in(app.test_client(), "lan", "guide password 1").status_code == 401


def test_remove_deletes_the_account_and_its_sessions(cli_app):
    app, runner = cli_app
    clients = _signed_in_twice(app)
    result = runner.invoke(main, ["users", "remove", "lan"])
    assert result.exit_code == 0 and "removed lan; ended 2 session(s)" in result.output
    for client in clients:
        assert client.get("/staff/").headers["Location"].startswith("/staff/sign-in")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StaffUser)) == 0
        assert db.session.scalar(select(func.count()).select_from(StaffSession)) == 0


def test_remove_keeps_a_guide_named_by_dossiers_but_nobody_can_sign_in_as_them(cli_app):
    app, runner = cli_app
    clients = _signed_in_twice(app)
    procedure = app.extensions["catalogue"].get("xac-nhan-tinh-trang-hon-nhan")
    with app.app_context():
        guide = db.session.scalar(select(StaffUser).where(StaffUser.username == "lan"))
        services.submit(procedure, {"full_name": "Lê Thị An", "phone": "0987654321"}, submission_key="k",
                        terminal=services.Terminal(A, 1), actor="guide:lan", guide_id=guide.id)
    result = runner.invoke(main, ["users", "remove", "lan"])
    assert result.exit_code == 0 and "kept as a disabled account" in result.output
    for client in clients:
        assert client.get("/staff/").headers["Location"].startswith("/staff/sign-in")
    runner.invoke(main, ["users", "enable", "lan"])  # even enabled again, the old password is gone
    assert sign_in(app.test_client(), "lan", "guide password 1").status_code == 401
    with app.app_context():
        assert db.session.scalar(select(Dossier.guide_id)) is not None  # history still says who helped


def test_unknown_account_is_a_clean_error(cli_app):
    _, runner = cli_app
    result = runner.invoke(main, ["users", "disable", "nobody"])
    assert result.exit_code != 0 and "no staff account is named nobody" in result.output


def test_a_guide_or_supervisor_at_the_centre_needs_a_ward(tmp_path, monkeypatch):
    production_env(monkeypatch, tmp_path)
    monkeypatch.setenv("KIOSK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("KIOSK_ROLE", "central")
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    refused = runner.invoke(main, ["users", "add", "lan", "--name", "Lan"], input="a long password\na long password\n")
    assert refused.exit_code != 0 and "needs --ward" in refused.output
    made = runner.invoke(main, ["users", "add", "lan", "--name", "Lan", "--ward", A],
                         input="a long password\na long password\n")
    assert made.exit_code == 0, made.output
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'kiosk.db'}")
    with app.app_context():
        assert db.session.scalar(select(StaffUser.ward_code)) == A
        db.engine.dispose()
