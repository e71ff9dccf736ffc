"""At the centre: the administrators' "Terminals" page, and the same figures for Prometheus at /metrics
(readable only from KIOSK_METRICS_ALLOW addresses)."""
import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Response, abort, render_template, request
from sqlalchemy import select

from kiosk.auth.policy import PUBLIC, Action, allows
from kiosk.core.clock import utcnow
from kiosk.extensions import db
from kiosk.maintenance.models import TerminalReport

from .models import RegisteredTerminal


@dataclass
class TerminalHealth:
    id: str
    ward_code: str
    terminal_no: int
    version: str | None
    last_contact: datetime | None
    outbox_depth: int | None
    last_error: str | None
    clock_skew_s: int | None
    revoked: bool
    silent: bool


def terminal_health(app) -> list[TerminalHealth]:
    silent_after = timedelta(seconds=app.config["TERMINAL_SILENT_S"])
    now = utcnow()
    rows = db.session.execute(select(RegisteredTerminal, TerminalReport)
                              .outerjoin(TerminalReport, TerminalReport.terminal_id == RegisteredTerminal.id)
                              .order_by(RegisteredTerminal.ward_code, RegisteredTerminal.terminal_no)).all()
    found = []
    for terminal, report in rows:
        contact = max(filter(None, [terminal.last_seen_at, report.reported_at if report else None]), default=None)
        found.append(TerminalHealth(
            terminal.id, terminal.ward_code, terminal.terminal_no, report.version if report else None, contact,
            report.outbox_depth if report else None, report.last_error if report else None,
            report.clock_skew_s if report else None, terminal.revoked_at is not None,
            terminal.revoked_at is None and (contact is None or now - contact > silent_after)))
    return found


@allows(Action.ADMINISTER)
def terminals():
    from flask import current_app

    return render_template("office/terminals.html", terminals=terminal_health(current_app),
                           silent_s=current_app.config["TERMINAL_SILENT_S"])


def _allowed(address: str | None, allow: str) -> bool:
    try:
        client = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    for entry in filter(None, (part.strip() for part in allow.split(","))):
        try:
            if client in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


class _TerminalCollector:
    def __init__(self, app):
        self.app = app

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily

        labels = ["terminal", "ward"]
        families = {
            "last_contact": GaugeMetricFamily("kiosk_terminal_last_contact_timestamp_seconds",
                                              "When the terminal last reached the centre (Unix time)", labels=labels),
            "outbox": GaugeMetricFamily("kiosk_terminal_outbox_depth", "Messages waiting on the terminal",
                                        labels=labels),
            "skew": GaugeMetricFamily("kiosk_terminal_clock_skew_seconds",
                                      "The terminal's clock minus the centre's", labels=labels),
            "silent": GaugeMetricFamily("kiosk_terminal_silent", "1 when silent for longer than allowed",
                                        labels=labels),
            "error": GaugeMetricFamily("kiosk_terminal_has_error", "1 when the terminal reports a stuck message",
                                       labels=labels),
            "info": GaugeMetricFamily("kiosk_terminal_info", "The terminal's software version",
                                      labels=[*labels, "version"]),
        }
        for health in terminal_health(self.app):
            if health.revoked:
                continue
            key = [health.id, health.ward_code]
            if health.last_contact:
                families["last_contact"].add_metric(key, health.last_contact.timestamp() if health.last_contact.tzinfo
                                                    else (health.last_contact - datetime(1970, 1, 1)).total_seconds())
            families["outbox"].add_metric(key, health.outbox_depth or 0)
            families["skew"].add_metric(key, health.clock_skew_s or 0)
            families["silent"].add_metric(key, int(health.silent))
            families["error"].add_metric(key, int(bool(health.last_error)))
            families["info"].add_metric([*key, health.version or "unknown"], 1)
        yield from families.values()


@allows(PUBLIC)  # no sign-in: a scraper reads it, from KIOSK_METRICS_ALLOW addresses only
def metrics():
    from flask import current_app

    if not _allowed(request.remote_addr, current_app.config["METRICS_ALLOW"]):
        abort(403)
    # Imported here: a terminal, which never serves this, keeps the megabyte.
    from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

    registry = CollectorRegistry()
    registry.register(_TerminalCollector(current_app))
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
