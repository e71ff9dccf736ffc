"""Every slip the terminal prints is laid out for the configured paper (KIOSK_PAPER): A5, A4 or the 80 mm
roll; a paper the code does not know stops the server at start."""
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from sqlalchemy import select

from kiosk import config, create_app
from kiosk.config import UnsafeConfig
from kiosk.dossiers import services
from kiosk.dossiers.models import Dossier
from kiosk.dossiers.states import Status
from kiosk.extensions import db
from kiosk.printing.layout import PAPERS
from tests.support import csrf_token, file_marital_status, make_app, sign_in

SIZES = {"a5": (148, 210), "a4": (210, 297)}


def _size_mm(pdf: bytes):
    pages = PdfReader(__import__("io").BytesIO(pdf)).pages
    return [(round(float(p.mediabox.width) / mm), round(float(p.mediabox.height) / mm)) for p in pages]


def _on(paper, pdf, what):
    assert pdf.startswith(b"%PDF"), what
    sizes = _size_mm(pdf)
    if paper == "roll80":
        assert len(sizes) == 1 and sizes[0][0] == 80 and sizes[0][1] > 60, (what, sizes)  # one strip, cut to length
    else:
        assert set(sizes) == {SIZES[paper]}, (what, sizes)


@pytest.mark.parametrize("paper", ["a5", "a4", "roll80"])
def test_every_slip_is_laid_out_for_the_configured_paper(tmp_path, paper):
    app = make_app(tmp_path, RECEIPT_PAPER=paper)
    with app.app_context():
        db.create_all()
        from kiosk.auth.services import create_user

        create_user("lan", "correct horse battery", "Trần Thị Lan")
    client = app.test_client()
    done = file_marital_status(client)
    code = done.split("/")[2]
    _on(paper, client.get(f"/dossiers/{code}/receipt.pdf").data, "receipt")
    _on(paper, client.get("/procedures/khai-sinh/checklist.pdf").data, "checklist")
    _on(paper, client.get("/procedures/chung-thuc-ban-sao/form.pdf").data, "blank form")

    sign_in(client)
    token = csrf_token(client, "/staff/")
    client.post(f"/staff/dossiers/{code}/payment", data={"csrf_token": token, "method": "cash", "confirmed": "yes"})
    _on(paper, client.get(f"/staff/dossiers/{code}/fee-receipt.pdf").data, "fee receipt")
    _on(paper, client.get(f"/staff/dossiers/{code}/receipt.pdf").data, "guide's receipt")

    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.code == code))
        services.transition(dossier, Status.RECEIVED, "officer:hoa")
        services.transition(dossier, Status.SUPPLEMENT_REQUESTED, "officer:hoa", reason="Bản sao CCCD có chứng thực")
        dossier.due_on = date(2026, 1, 5)
        db.session.commit()
    _on(paper, client.get(f"/staff/dossiers/{code}/supplement-slip.pdf").data, "supplement request")
    client.post(f"/staff/dossiers/{code}/apology", data={"csrf_token": token, "new_date": "31/12/2099",
                                                         "reason": "Chờ xác minh tại nơi cư trú"})
    _on(paper, client.get(f"/staff/dossiers/{code}/apology.pdf").data, "apology")

    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.code == code))
        services.transition(dossier, Status.RECEIVED, "officer:hoa")
        services.transition(dossier, Status.RESULT_READY, "officer:hoa")
        services.transition(dossier, Status.RETURNED, "guide:lan", reason="late; collected by applicant: Lê Thị Hoa")
    _on(paper, client.get(f"/staff/dossiers/{code}/result-slip.pdf").data, "result slip")

    # Reading a slip changes nothing (issue 10): no event, no copy; only the POSTs that print record.
    def history():
        with app.app_context():
            dossier = db.session.scalar(select(Dossier).where(Dossier.code == code))
            return len(dossier.events), dossier.receipt_copies

    before = history()
    for slip in ("receipt", "fee-receipt", "supplement-slip", "apology", "result-slip", "receipt"):
        assert client.get(f"/staff/dossiers/{code}/{slip}.pdf").status_code == 200
    assert history() == before


def test_the_papers_the_settings_allow_are_those_the_layout_knows():
    assert set(config.PAPERS) == set(PAPERS)


@pytest.mark.parametrize("variable", ["KIOSK_PAPER", "KIOSK_RECEIPT_PAPER"])
def test_a_wrong_paper_stops_the_server_at_start(tmp_path, monkeypatch, variable):
    monkeypatch.setenv(variable, "roll58")
    with pytest.raises(UnsafeConfig, match="allowed: a5, a4, roll80"):
        create_app({"CONFIG": "testing", "INSTANCE_PATH": str(tmp_path)})
    monkeypatch.setenv(variable, "roll80")
    assert create_app({"CONFIG": "testing", "INSTANCE_PATH": str(tmp_path)}).config["RECEIPT_PAPER"] == "roll80"


def test_kiosk_serve_refuses_a_wrong_paper_with_the_allowed_ones(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from kiosk.cli import main

    monkeypatch.setenv("KIOSK_CONFIG", "testing")
    monkeypatch.setenv("KIOSK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("KIOSK_PAPER", "A6")
    result = CliRunner().invoke(main, ["serve", "--port", "0"])
    assert result.exit_code != 0 and "allowed: a5, a4, roll80" in result.output and "Traceback" not in result.output


def test_the_centre_has_no_printer_of_its_own(tmp_path):
    with pytest.raises(UnsafeConfig, match="centre prints nothing"):
        create_app({"CONFIG": "testing", "INSTANCE_PATH": str(tmp_path), "ROLE": "central", "PRINTER": "receipts"})
