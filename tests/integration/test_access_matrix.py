"""The access matrix: every route of every deployment (standalone, terminal, central), called as each kind
of user, against a dossier of ward A and one of ward B. The expected answer of every cell is written below.
A route that is in `app.url_map` but not in the table fails the test, so a new page must say who may use it.

Cell words
    ok      let in: 2xx, a redirect other than to the sign-in page, or the page's own 400/409 about its input
    in      sent to sign in first (302 to the sign-in page, with the page asked for as `next`)
    401     the API wants a terminal's signature; a staff cookie counts for nothing there
    403     work this role never does (a guide in the back office, an officer at the counter)
    404     a dossier or scan outside the user's ward or agency answers exactly like one that does not
            exist: nobody learns that another ward's dossier exists. Also: a page this server does not serve.
    A B AB -   a list (200) that shows the dossiers (or figures) of ward A, of B, of both, of neither
On a dossier's route a cell holds two answers, `for ward A's dossier/for ward B's`, or one for both.

Users: anon; a guide of ward A and of ward B; the supervisor of A; an officer of agency A and of agency B
(ward-level procedures are processed by the ward itself, so agency A = ward A); a city administrator.

Deployments (the centre on PostgreSQL, as it runs): the table is the standalone server's, which serves everything. A terminal registers no
`office.*` or `api.*` routes; the rest answers as in the table. At the centre (`CENTRAL_NOT_SERVED`) the
counter's pages answer 404 to everyone and the residents' pages are not registered. A user for whom a server
has no page at all cannot sign in there (`NO_PAGES_FOR`: guides at the centre, officers on a terminal), so
they are anonymous there.
"""
import re
from io import BytesIO

import pytest
import sqlalchemy as sa
from PIL import Image

from kiosk.auth.services import create_user
from kiosk.documents import services as documents
from kiosk.dossiers import services
from kiosk.extensions import db
from tests.support import make_app, postgres_url

A, B = "09556", "09557"
USERS = ("anon", "guide_a", "guide_b", "sup_a", "off_a", "off_b", "admin")
PEOPLE = {A: ("Lê Thị An", "001188004512"), B: ("Phạm Văn Bình", "001090007788")}

MATRIX = {
    # (endpoint, method)                         anon   guide_a  guide_b  sup_a   off_a   off_b   admin
    ("staff.sign_in", "GET"):                   "ok     ok       ok       ok      ok      ok      ok",
    ("staff.sign_in", "POST"):                  "ok     ok       ok       ok      ok      ok      ok",
    ("staff.sign_out", "POST"):                 "in     ok       ok       ok      ok      ok      ok",
    ("staff.dashboard", "GET"):                 "in     A        B        A       403     403     403",
    ("staff.find", "GET"):                      "in     ok       ok       ok      403     403     403",
    ("staff.dossier", "GET"):                   "in     ok/404   404/ok   ok/404  403     403     403",
    ("staff.attach_scan", "POST"):              "in     ok/404   404/ok   ok/404  403     403     403",
    ("staff.scan", "GET"):                      "in     ok/404   404/ok   ok/404  403     403     403",
    ("staff.receipt_pdf_view", "GET"):          "in     ok/404   404/ok   ok/404  403     403     403",
    ("staff.reprint", "POST"):                  "in     ok/404   404/ok   ok/404  403     403     403",
    ("staff.slip_view", "GET"):                 "in     ok/404   404/ok   ok/404  403     403     403",
    ("staff.print_fee_receipt", "POST"):        "in     ok/404   404/ok   ok/404  403     403     403",
    ("staff.print_result_slip", "POST"):        "in     ok/404   404/ok   ok/404  403     403     403",
    ("staff.print_supplement_request", "POST"): "in     ok/404   404/ok   ok/404  403     403     403",
    ("staff.apology_pdf", "GET"):               "in     404/404  404/404  404/404 403     403     403",
    ("staff.hand_over", "GET"):                 "in     ok/404   404/ok   ok/404  403     403     403",
    ("staff.hand_over", "POST"):                "in     ok/404   404/ok   ok/404  403     403     403",
    ("staff.handed_over", "GET"):               "in     ok/404   404/ok   ok/404  403     403     403",
    ("staff.invite_rating", "POST"):            "in     ok/404   404/ok   ok/404  403     403     403",
    # a slip's PDF is read back only once printed (reading changes nothing); the seeded dossiers have none yet,
    # so these answer 404 to every counter role: their POST …/print rows above carry the ward check
    ("staff.result_slip", "GET"):               "in     404/404  404/404  404/404 403     403     403",
    ("staff.supplement_request_slip", "GET"):   "in     404/404  404/404  404/404 403     403     403",
    ("staff.process_control_slip", "GET"):      "in     ok/404   404/ok   ok/404  403     403     403",
    ("staff.refusal_slip_pdf", "GET"):          "in     ok/404   404/ok   ok/404  403     403     403",
    ("staff.apology", "GET"):                   "in     ok/404   404/ok   ok/404  403     403     403",
    ("staff.moved_due_dates", "GET"):           "in     -        -        -       403     403     403",
    ("staff.apology", "POST"):                  "in     ok/404   404/ok   ok/404  403     403     403",
    ("staff.confirm_payment", "POST"):          "in     ok/404   404/ok   ok/404  403     403     403",
    ("staff.fee_receipt", "GET"):               "in     404/404  404/404  404/404 403     403     403",
    ("staff.void_fee_receipt", "POST"):         "in     403      403      ok/404  403     403     403",
    ("staff.hand_over_scan", "GET"):            "in     ok       ok       ok      403     403     403",
    ("staff.hand_over_scan", "POST"):           "in     ok       ok       ok      403     403     403",
    ("staff.assist", "POST"):                   "in     ok       ok       ok      403     403     403",
    ("staff.enter_counter_dossier", "POST"):    "in     ok       ok       ok      403     403     403",
    ("staff.stop_assisting", "POST"):           "in     ok       ok       ok      403     403     403",
    ("staff.retry_sync", "POST"):               "in     ok       ok       ok      403     403     403",
    ("restart_point.restart_point", "GET"):     "in     ok       ok       ok      403     403     403",
    ("restart_point.restart_point", "POST"):    "in     ok       ok       ok      403     403     403",
    ("terminals_admin.terminals", "GET"):       "in     403      403      403     403     403     ok",
    ("terminals_admin.metrics", "GET"):         "ok     ok       ok       ok      ok      ok      ok",
    ("staff.reconciliation", "GET"):            "in     403      403      ok      403     403     ok",
    ("staff.reconciliation", "POST"):           "in     403      403      ok      403     403     ok",
    ("staff.reconciliation_confirm", "POST"):   "in     403      403      ok      403     403     ok",
    ("office.queue", "GET"):                    "in     403      403      403     A       B       AB",
    ("office.moved_due_dates", "GET"):          "in     403      403      403     -       -       -",
    ("office.dossier", "GET"):                  "in     403      403      403     ok/404  404/ok  ok/ok",
    ("office.act", "POST"):                     "in     403      403      403     ok/404  404/ok  ok/ok",
    ("office.scan", "GET"):                     "in     403      403      403     ok/404  404/ok  ok/ok",
    # figures are asked for ward B (`?ward=B`): a supervisor still gets their own ward, an administrator B
    ("reports.figures", "GET"):                 "in     403      403      ok      403     403     ok",
    ("reports.export", "GET"):                  "in     403      403      A       403     403     B",
    ("reports.logbook", "GET"):                 "in     403      403      A       403     403     B",
    ("reports.catalogue_facts", "GET"):         "in     403      403      ok      403     403     ok",
    ("api.openapi", "GET"):                     "ok     ok       ok       ok      ok      ok      ok",
    ("api.feed", "GET"):                        "401    401      401      401     401     401     401",
    ("api.ingest_batch", "POST"):               "401    401      401      401     401     401     401",
    ("api.feed_held", "POST"):                  "401    401      401      401     401     401     401",
    ("api.terminal_state", "GET"):              "401    401      401      401     401     401     401",
    ("api.lookup", "POST"):                     "401    401      401      401     401     401     401",
    ("api.ingest_dossier", "POST"):             "401    401      401      401     401     401     401",
    ("api.ingest_rating", "POST"):              "401    401      401      401     401     401     401",
    ("api.ingest_event", "POST"):               "401/401 401/401 401/401 401/401 401/401 401/401 401/401",
    ("api.ingest_document", "POST"):            "401/401 401/401 401/401 401/401 401/401 401/401 401/401",
    # residents' pages: a dossier's confirmation and receipt belong to the visit that filed it, nobody else
    ("resident.done", "GET"):                   "404/404 404/404 404/404 404/404 404/404 404/404 404/404",
    ("resident.receipt", "GET"):                "404/404 404/404 404/404 404/404 404/404 404/404 404/404",
    ("resident.receipt_view", "GET"):           "404/404 404/404 404/404 404/404 404/404 404/404 404/404",
    ("resident.print_receipt", "POST"):         "404/404 404/404 404/404 404/404 404/404 404/404 404/404",
    ("resident.print_job", "GET"):              "404    404      404      404     404     404     404",
    ("resident.procedure_slip", "GET"):         "ok     ok       ok       ok      ok      ok      ok",
    ("resident.print_procedure_slip", "POST"):  "ok     ok       ok       ok      ok      ok      ok",
    ("resident.finish_confirm", "GET"):         "ok     ok       ok       ok      ok      ok      ok",
    ("resident.read_id_card", "POST"):          "422    422      422      422     422     422     422",  # no scan posted
    ("resident.draft_slip_view", "GET"):        "404    404      404      404     404     404     404",
    ("resident.print_draft_slip", "POST"):      "404    404      404      404     404     404     404",
    # the public look-up, on every server (at the centre for phones): without the receipt's signature, nothing
    ("lookup.lookup_signed", "GET"):            "404/404 404/404 404/404 404/404 404/404 404/404 404/404",
    ("resident.home", "GET"):                   "ok     ok       ok       ok      ok      ok      ok",
    ("resident.procedures", "GET"):             "ok     ok       ok       ok      ok      ok      ok",
    ("resident.procedure", "GET"):              "ok     ok       ok       ok      ok      ok      ok",
    ("resident.start", "POST"):                 "ok     ok       ok       ok      ok      ok      ok",
    ("resident.step", "GET"):                   "ok     ok       ok       ok      ok      ok      ok",
    ("resident.step", "POST"):                  "ok     ok       ok       ok      ok      ok      ok",
    ("resident.check", "GET"):                  "ok     ok       ok       ok      ok      ok      ok",
    ("resident.submit", "POST"):                "ok     ok       ok       ok      ok      ok      ok",
    ("resident.checklist", "GET"):              "ok     ok       ok       ok      ok      ok      ok",
    ("resident.blank_form", "GET"):             "ok     ok       ok       ok      ok      ok      ok",
    ("resident.finish", "POST"):                "ok     ok       ok       ok      ok      ok      ok",
    ("resident.ended", "GET"):                  "ok     ok       ok       ok      ok      ok      ok",
    ("resident.keepalive", "POST"):             "ok     ok       ok       ok      ok      ok      ok",
    ("lookup.lookup", "GET"):                   "ok     ok       ok       ok      ok      ok      ok",
    ("lookup.lookup", "POST"):                  "ok     ok       ok       ok      ok      ok      ok",
    ("resident.save_draft", "GET"):             "ok     ok       ok       ok      ok      ok      ok",
    ("resident.save_draft", "POST"):            "ok     ok       ok       ok      ok      ok      ok",
    ("resident.draft_saved", "GET"):            "404    404      404      404     404     404     404",
    ("resident.draft_slip", "GET"):             "404    404      404      404     404     404     404",
    ("resident.draft_done", "POST"):            "ok     ok       ok       ok      ok      ok      ok",
    ("resident.resume", "GET"):                 "ok     ok       ok       ok      ok      ok      ok",
    ("resident.resume", "POST"):                "ok     ok       ok       ok      ok      ok      ok",
    ("resident.rate", "GET"):                   "404    404      404      404     404     404     404",
    ("resident.rate", "POST"):                  "404    404      404      404     404     404     404",
    ("static", "GET"):                          "ok     ok       ok       ok      ok      ok      ok",
    # health probes answer anybody, with no personal data; the test's databases are made by create_all,
    # not migrated, so they are not "ready"
    ("health.healthz", "GET"):                  "ok     ok       ok       ok      ok      ok      ok",
    ("health.readyz", "GET"):                   "503    503      503      503     503     503     503",
    ("switch_language", "GET"):                 "ok     ok       ok       ok      ok      ok      ok",
}

# The counter's work needs the residents' pages, a printer and a terminal: the centre does not serve it.
CENTRAL_NOT_SERVED = {
    "staff.dashboard", "staff.find", "staff.dossier", "staff.attach_scan", "staff.scan", "staff.reprint", "staff.hand_over",
    "staff.handed_over", "staff.invite_rating", "staff.result_slip", "staff.supplement_request_slip",
    "staff.apology", "staff.confirm_payment", "staff.fee_receipt", "staff.hand_over_scan", "staff.assist",
    "staff.enter_counter_dossier", "staff.stop_assisting", "staff.retry_sync", "staff.receipt_pdf_view",
    "staff.slip_view", "staff.print_fee_receipt", "staff.print_result_slip", "staff.print_supplement_request",
    "staff.apology_pdf", "staff.void_fee_receipt", "staff.process_control_slip", "staff.refusal_slip_pdf",
    "staff.moved_due_dates",
}
# Dossier routes whose <code> is a procedure's, not a dossier's.
PROCEDURE_CODE = {"resident.procedure", "resident.start", "resident.checklist", "resident.blank_form",
                  "resident.print_procedure_slip", "resident.procedure_slip"}
PUBLIC = {"staff.sign_in", "api.openapi", "static", "switch_language"}
# Who has no page at all on a server, and so cannot sign in there: guides at the centre, officers on a terminal.
NO_PAGES_FOR = {("central", "gui"), ("terminal", "off")}


def expected(deployment, endpoint, method, user):
    cell = MATRIX[(endpoint, method)].split()[USERS.index(user)]
    if deployment == "central" and endpoint in CENTRAL_NOT_SERVED:
        return "404"
    if (deployment, user[:3]) in NO_PAGES_FOR and endpoint not in PUBLIC:
        return expected(deployment, endpoint, method, "anon")  # not signed in: as anonymous
    return cell


def _jpeg():
    out = BytesIO()
    Image.new("RGB", (640, 480), (200, 200, 200)).save(out, "JPEG")
    return out.getvalue()


def _seed(app, deployment):
    """Users of every kind, and one dossier (with a scan) in each of wards A and B."""
    procedure = app.extensions["catalogue"].get("xac-nhan-tinh-trang-hon-nhan")
    seeded = {}
    with app.app_context():
        db.create_all()
        users = {"guide_a": ("guide", None, A if deployment == "central" else None),
                 "guide_b": ("guide", None, B), "sup_a": ("supervisor", None, A),
                 "off_a": ("officer", A, None), "off_b": ("officer", B, None), "admin": ("admin", None, None)}
        for name, (role, agency, ward) in users.items():
            user = create_user(name, f"{name} password", name.title(), role, agency)
            user.ward_code = ward  # on a terminal a guide without a ward works for the terminal's ward
        db.session.commit()
        for ward, (name, cccd) in PEOPLE.items():
            answers = {"full_name": name, "birth_date": "1988-04-12", "sex": "female", "id_number": cccd,
                       "residence": "Hà Nội", "marital_status": "single", "purpose": "Để kết hôn",
                       "phone": "0987654321"}
            dossier = services.submit(procedure, answers, submission_key=f"seed-{ward}",
                                      terminal=services.Terminal(ward, 1), actor="resident")
            assert dossier.agency_code == ward
            document = documents.attach(dossier, 0, _jpeg(), "resident")
            seeded[ward] = {"code": dossier.code, "document_id": str(document.id)}
    return seeded


def _url(rule, endpoint, ward, seeded):
    values = {"code": seeded[ward]["code"] if ward else "", "document_id": seeded[ward]["document_id"] if ward else "",
              "action": "receive", "name": "ward", "kind": "csv", "step_id": "person", "filename": "css/kiosk.css"}
    if endpoint in PROCEDURE_CODE:
        values["code"] = "xac-nhan-tinh-trang-hon-nhan"
    values["slip"] = "receipt" if endpoint.startswith("staff.") else "checklist"
    values["token"] = "not-a-print-job"
    if endpoint == "switch_language":
        values["code"] = "en"
    path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: values[m.group(1)], rule.rule)
    return path + (f"?ward={B}" if endpoint.startswith("reports.") else "")


def _is_dossier_route(rule, endpoint):
    return "document_id" in rule.arguments or ("code" in rule.arguments and endpoint not in PROCEDURE_CODE
                                               and endpoint != "switch_language")


def _answer_matches(cell, response, wards_listed, body):
    status = response.status_code
    to_sign_in = status == 302 and response.headers["Location"].startswith("/staff/sign-in?next=")
    if cell == "ok":
        return (200 <= status < 400 and not to_sign_in) or status in (400, 409)
    if cell == "in":
        return to_sign_in
    if cell in ("401", "403", "404", "422", "503"):
        return status == int(cell)
    # a list: which wards it shows
    shown = "".join(ward_name for ward_name, ward in (("A", A), ("B", B)) if wards_listed(ward, body))
    return status == 200 and shown == cell.replace("-", "")


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    """Each deployment's app and seeds, built once, on first use (without PostgreSQL only the centre skips)."""
    built = {}

    def build(deployment):
        if deployment in built:
            return built[deployment]
        tmp = tmp_path_factory.mktemp(deployment)
        database = {}
        if deployment == "central":  # the centre runs on PostgreSQL: the policy's queries are asked there
            database["SQLALCHEMY_DATABASE_URI"] = url = postgres_url()
            engine = sa.create_engine(url)
            with engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            engine.dispose()
        app = make_app(tmp, ROLE=deployment, WARD_CODE=A, WTF_CSRF_ENABLED=False,
                       CENTRAL_URL="http://127.0.0.1:9", TERMINAL_KEY="k" * 32, **database)
        built[deployment] = (app, _seed(app, deployment))
        return built[deployment]

    yield build
    for app, _ in built.values():
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _client(app, user):
    client = app.test_client()
    if user != "anon":
        client.post("/staff/sign-in", data={"username": user, "password": f"{user} password"})
    return client


def _lists(endpoint, seeded):
    """How a list page shows a ward: figures exports by ward code, dossier lists by code and name."""
    if endpoint == "reports.export":  # by the ward's name (wards.yaml), as the export writes it
        names = {A: "Phường Ba Đình", B: "Phường Ngọc Hà"}
        return lambda ward, body: re.search(rf"^{names[ward]};", body, re.M) is not None
    return lambda ward, body: seeded[ward]["code"] in body


@pytest.mark.parametrize("deployment", ["standalone", "terminal", "central"])
def test_access_matrix(apps, deployment):
    app, seeded = apps(deployment)
    rules = [(rule, method) for rule in app.url_map.iter_rules() for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    missing = sorted({(rule.endpoint, method) for rule, method in rules} - set(MATRIX))
    assert not missing, f"routes without a row in the access matrix: {missing}"
    calls, wrong = 0, []
    for user in USERS:
        client = _client(app, user)
        # sign-out last, so that every other cell is asked while signed in
        for rule, method in sorted(rules, key=lambda r: r[0].endpoint == "staff.sign_out"):
            cell = expected(deployment, rule.endpoint, method, user)
            wards = (A, B) if _is_dossier_route(rule, rule.endpoint) else (None,)
            answers = cell.split("/") if "/" in cell else [cell] * len(wards)
            for ward, ward_cell in zip(wards, answers, strict=True):
                response = client.open(_url(rule, rule.endpoint, ward, seeded), method=method)
                body = response.get_data().decode("utf-8", "replace")
                calls += 1
                where = f"{rule.endpoint} {method} as {user} on {ward or '-'}: expected {ward_cell}, " \
                        f"got {response.status_code} {response.headers.get('Location', '')}"
                if not _answer_matches(ward_cell, response, _lists(rule.endpoint, seeded), body):
                    wrong.append(where)
                if ward and ward_cell != "ok" and (PEOPLE[ward][0] in body or PEOPLE[ward][1] in body):
                    wrong.append(f"{where}: the resident's name or CCCD is on a refused page")
                if ward and ward_cell == "ok" and method == "GET" and rule.endpoint in (
                        "staff.dossier", "office.dossier") and PEOPLE[ward][0] not in body:
                    wrong.append(f"{where}: the dossier page does not show its applicant")
                if ward is None and ward_cell in ("in", "401", "403", "404") and \
                        any(name in body for name, _ in PEOPLE.values()):
                    wrong.append(f"{where}: a resident's name is on a refused page")
    assert not wrong, "\n".join(wrong)
    assert calls >= len(rules) * len(USERS)


def test_every_row_of_the_matrix_is_a_route(apps):
    """No stale rows: the table describes the server as it is (the standalone server has every route)."""
    app, _ = apps("standalone")
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules() for method in rule.methods}
    assert set(MATRIX) <= routes, sorted(set(MATRIX) - routes)
    assert {endpoint for endpoint, _ in routes} >= CENTRAL_NOT_SERVED
