"""The generated posts of tests/integration/test_no_server_error.py, at every POST route of a centre on
PostgreSQL, which refuses what SQLite lets through (NUL in text, over-long values)."""
from hypothesis import strategies as st

from kiosk.auth.services import create_user
from kiosk.core.codes import make_code
from kiosk.core.request_signing import private_key
from kiosk.extensions import db
from tests.integration.test_no_server_error import (
    LastError,
    form_field_names,
    path_arguments,
    post_api,
    post_form,
    token,
)
from tests.loop.test_terminal_trust import TODAY, Terminal, dossier_body
from tests.support import sign_in

# A guide's pages that make no sense at the centre, and still answer 500 there (they build links to the
# resident pages the centre does not serve). Issue 10's access policy is to unregister them on the centre
# or make them refuse cleanly; until it lands, they are left out here rather than hidden in a loose check.
NOT_FOR_THE_CENTRE = {"staff.assist", "staff.enter_counter_dossier", "staff.invite_rating"}


def test_generated_posts_at_every_central_route_make_no_server_error(central, central_app, terminal_key):
    app = central_app
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.extensions["last_error"] = LastError()
    app.logger.addHandler(app.extensions["last_error"])
    code = make_code("09556", 1, TODAY, 1)
    assert Terminal(central, "09556-01", terminal_key).post("/api/v1/dossiers", dossier_body(code),
                                                            "d1").status_code == 201
    with app.app_context():
        create_user("lan", "correct horse battery", "Trần Thị Lan")
        create_user("hoa", "officer password 1", "Lê Thị Hoa", role="officer", agency_code="09556")
        db.session.remove()
    guide, officer, anonymous = app.test_client(), app.test_client(), app.test_client()
    sign_in(guide)
    sign_in(officer, "hoa", "officer password 1")
    clients = {"guide": guide, "officer": officer, "resident": anonymous}
    tokens = {name: token(client, "/staff/sign-in" if name == "resident" else "/staff/")
              for name, client in clients.items()}
    names, arguments = form_field_names(app), path_arguments(app, code)
    failures = []
    rules = [r for r in app.url_map.iter_rules() if "POST" in r.methods and r.endpoint not in NOT_FOR_THE_CENTRE]
    for rule in sorted(rules, key=lambda r: r.rule):
        strategies = {name: arguments.get(name, st.text(max_size=20)) for name in rule.arguments}
        if rule.endpoint.startswith("api."):
            post_api(app, rule, strategies, private_key(terminal_key), failures, examples=8)
        else:
            post_form(app, rule, strategies, names, clients, tokens, failures, examples=5)
    assert not failures, "\n".join(map(repr, failures))
