"""Schemathesis against the centre's own OpenAPI document, with signed requests: every response as documented."""
import time

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

from kiosk.core.request_signing import headers, private_key

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
MAX_EXAMPLES = 25


class TerminalAuth(requests.auth.AuthBase):
    """Signs each prepared request the way a terminal does."""

    def __init__(self, terminal_id, key):
        self.terminal_id, self.key = terminal_id, private_key(key)

    def __call__(self, request):
        body = request.body or b""
        body = body.encode() if isinstance(body, str) else body
        path, _, query = request.path_url.partition("?")
        request.headers.update(headers(self.terminal_id, self.key, request.method, path, body, time.time(),
                                       query=query, idempotency_key=request.headers.get("Idempotency-Key", "")))
        return request


@pytest.fixture
def api(central, terminal_key):
    schema = schemathesis.openapi.from_url(f"{central.url}/api/v1/openapi.json")
    return schema, TerminalAuth("09556-01", terminal_key), central.url


def test_the_document_describes_the_implementation(api):
    schema, auth, base_url = api
    served = requests.get(f"{base_url}/api/v1/openapi.json", timeout=5).json()
    assert set(served["paths"]) == {"/dossiers", "/dossiers/{code}/events", "/dossiers/{code}/documents",
                                    "/ratings", "/batch", "/feed", "/feed/held", "/lookup", "/openapi.json"}
    failures = []
    for result in schema.get_all_operations():
        for mode in GenerationMode:  # valid requests, and invalid ones: the refusals are documented too
            run_operation(result.ok(), mode, auth, base_url, failures)
    assert failures == []


def run_operation(operation, mode, auth, base_url, failures):
    @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(mode))
    def check(case):
        response = case.call(base_url=f"{base_url}/api/v1", auth=auth, timeout=10)
        try:  # no 5xx, and status, content type, headers and body as the document promises
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, FailureGroup) as failure:
            failures.append((operation.label, mode.value, response.status_code, str(failure)[:300]))

    check()


def test_a_cursor_beyond_the_database_range_is_a_client_error(api):
    _schema, auth, base_url = api
    for after in ("99999999999999", "²", "-1"):
        response = requests.get(f"{base_url}/api/v1/feed", params={"after": after}, auth=auth, timeout=5)
        assert response.status_code == 400, after


def test_nul_characters_are_refused_not_failed_on(api):
    _schema, auth, base_url = api
    rating = {"id": "a" * 64, "occasion": "submission", "procedure_code": "khai-sinh\x00", "channel": "counter",
              "score": 4, "reasons": [], "rated_on": "2026-11-23"}
    response = requests.post(f"{base_url}/api/v1/ratings", json=rating, auth=auth, timeout=5,
                             headers={"Idempotency-Key": "nul-1"})
    assert response.status_code == 422 and "NUL" in response.json()["error"]
    response = requests.post(f"{base_url}/api/v1/dossiers/09556-01%00/events", json={"actor": "x", "to_status":
                             "returned"}, auth=auth, timeout=5, headers={"Idempotency-Key": "nul-2"})
    assert response.status_code in (401, 404)  # the signed path is the encoded one: refused either way
