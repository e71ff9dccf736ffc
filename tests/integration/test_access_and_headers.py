"""Every non-public route refuses anonymous users; every response carries the security headers."""
import re

import pytest

PUBLIC = {
    "static", "resident.home", "switch_language", "resident.procedures", "resident.procedure",
    "resident.start", "resident.step", "resident.check", "resident.submit", "resident.done",
    "resident.receipt", "resident.finish", "resident.ended", "resident.keepalive", "lookup.lookup",
    "lookup.lookup_signed", "resident.save_draft", "resident.draft_saved", "resident.draft_slip",
    "resident.draft_done", "resident.resume", "resident.checklist", "resident.blank_form", "resident.rate", "staff.sign_in", "api.openapi",
    "health.healthz", "health.readyz",  # probes: no personal data (tests/integration/test_health.py)
    "terminals_admin.metrics",  # no sign-in: readable from KIOSK_METRICS_ALLOW addresses only
    # Printing (kiosk/printing/jobs.py): a resident's own slips, and a job's state by its signed token.
    "resident.print_receipt", "resident.receipt_view", "resident.print_job", "resident.print_procedure_slip",
    "resident.procedure_slip", "resident.print_draft_slip", "resident.draft_slip_view", "resident.finish_confirm", "resident.read_id_card",
}


def _fill(path, values):
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: values[m.group(1)], path)


def test_every_non_public_route_needs_a_signed_in_staff_member(app, client):
    protected = [rule for rule in app.url_map.iter_rules() if rule.endpoint not in PUBLIC]
    assert protected, "the staff blueprint has routes"
    app.config["WTF_CSRF_ENABLED"] = False  # reach the access check, not the CSRF check
    for rule in protected:
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(_fill(rule.rule, {a: "1" for a in rule.arguments}), method=method)
            if rule.endpoint.startswith("api."):  # terminals sign requests; nobody is redirected to a form
                assert response.status_code == 401 and response.is_json, (rule, method)
                continue
            assert response.status_code == 302, (rule, method)
            assert response.headers["Location"].startswith("/staff/sign-in"), (rule, method)


def test_public_list_names_real_endpoints(app):
    assert {rule.endpoint for rule in app.url_map.iter_rules()} >= PUBLIC


@pytest.mark.parametrize("path", ["/", "/procedures", "/no-such-page", "/staff/sign-in"])
def test_security_headers_everywhere(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_templates_have_no_inline_script_or_style(app):
    from pathlib import Path

    for template in Path(app.template_folder).rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "<script>" not in text and " style=" not in text and "<style" not in text, template


def test_session_cookie_flags(client):
    from tests.support import csrf_token

    csrf_token(client, "/procedures/khai-sinh")
    cookie = client.get_cookie("kiosk")
    assert cookie.http_only and cookie.same_site == "Strict"
