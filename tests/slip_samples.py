"""Every slip the ward prints, built from sample data through the real builders (inside a request)."""
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from kiosk.printing.blank_form import blank_form_slip
from kiosk.printing.checklist import checklist_slip
from kiosk.printing.control_slip import control_slip
from kiosk.printing.drafts import resume_slip
from kiosk.printing.fee_receipt import fee_receipt_slip
from kiosk.printing.notices import apology_slip, refusal_slip, supplement_slip
from kiosk.printing.receipt import receipt_slip
from kiosk.printing.result_slip import result_slip

AT = datetime(2026, 11, 22, 7, 5)  # naive UTC, as stored


def dossier(locale="vi", fee=Decimal(75000)):
    return SimpleNamespace(code="09556-01-261122-0007-K", locale=locale, fee=fee, applicant_name="Nguyễn Thị Hồng Nhung",
                           submitted_at=AT, due_on=date(2026, 11, 25), procedure_code="chung-thuc-ban-sao",
                           ward_code="09556", agency_code="09556", answers={})


def event(status, actor, hours, reason=None, data=None):
    return SimpleNamespace(kind=status, to_status=status, actor=actor, reason=reason, data=data,
                           at=AT.replace(hour=AT.hour + hours) if hours < 12 else AT.replace(day=AT.day + hours // 24))


def every_slip(app, locale="vi"):
    """{name: Slip}; call inside a request context of `app`."""
    catalogue = app.extensions["catalogue"]
    procedure = catalogue.get("chung-thuc-ban-sao")
    birth = catalogue.get("khai-sinh")
    d = dossier(locale)
    payment = SimpleNamespace(receipt_no="0000123", amount=Decimal(75000), method="cash", paid_at=AT)
    handover = SimpleNamespace(kind="returned", reason="on time; collected by applicant: Nguyễn Thị Hồng Nhung", at=AT,
                               data={"on_time": True, "collector": {"kind": "applicant", "name": "Nguyễn Thị Hồng Nhung"}})
    request = SimpleNamespace(kind="supplement_requested", reason="Bản sao giấy khai sinh có chứng thực", at=AT,
                              data={"items": "Bản sao giấy khai sinh có chứng thực", "deadline": "2026-12-05"})
    draft = SimpleNamespace(locale=locale, resume_code="K7Q2-M9XD", created_at=AT, expires_at=AT,
                            procedure_code="khai-sinh")
    return {
        "receipt": receipt_slip(d, procedure, "http://kiosk.test/l/09556-01-261122-0007-K?s=k1.x",
                                payment_qr="00020101021238570010A000000727012700069704220113012345678901"),
        "fee_receipt": fee_receipt_slip(d, procedure, payment),
        "result": result_slip(d, procedure, handover),
        "supplement": supplement_slip(d, procedure, request),
        "apology": apology_slip(d, procedure, date(2026, 12, 2), "Chờ xác minh của cơ quan khác"),
        "checklist": checklist_slip(birth, locale),
        "declaration": blank_form_slip(birth, locale),
        "resume": resume_slip(draft, birth),
        "refusal": refusal_slip(d, procedure, event("rejected", "officer:binh", 2, "Bản chính không khớp với bản sao")),
        "control": control_slip(d, procedure, [event("submitted", "guide:lan", 0), event("received", "officer:binh", 2),
                                               event("supplement_requested", "officer:binh", 3, request.reason,
                                                     request.data), event("received", "officer:binh", 30),
                                               event("result_ready", "officer:binh", 48)]),
    }
