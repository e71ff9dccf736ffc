"""The staff pages (guides, supervisors; sign-in for every role): every URL rule of the blueprint, in one place.
The view modules never import it."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from kiosk.auth import policy
from kiosk.extensions import login_manager

from . import assisting, handover_views, notices_views, payment_views, reconciliation_views, views

bp = Blueprint("staff", __name__)
bp.before_request(policy.guard)
bp.record_once(lambda state: policy.init_app(state.app))
bp.record_once(lambda state: assisting.init_app(state.app))

login_manager.login_view = "staff.sign_in"
# Flask-Login's own "Please log in to access this page." is English on every page: ours is translated, lazily
# (the reader's language is known only per request).
login_manager.login_message = _l("Sign in to open this page.")

# Signing in, the dashboard, finding a dossier
bp.add_url_rule("/sign-in", view_func=views.sign_in, methods=["GET", "POST"])
bp.add_url_rule("/sign-out", view_func=views.sign_out, methods=["POST"])
bp.add_url_rule("/", view_func=views.dashboard, methods=["GET"])
bp.add_url_rule("/sync/retry", view_func=views.retry_sync, methods=["POST"])
bp.add_url_rule("/find", view_func=views.find, methods=["GET"])

# A dossier: its page, scans, slips, reprints
bp.add_url_rule("/dossiers/<code>", view_func=views.dossier, methods=["GET"])
bp.add_url_rule("/dossiers/<code>/documents", view_func=views.attach_scan, methods=["POST"])
bp.add_url_rule("/documents/<int:document_id>", view_func=views.scan, methods=["GET"])
bp.add_url_rule("/dossiers/<code>/slips/<slip>", view_func=views.slip_view, methods=["GET"])
bp.add_url_rule("/dossiers/<code>/receipt.pdf", view_func=views.receipt_pdf_view, methods=["GET"])
bp.add_url_rule("/dossiers/<code>/receipt/print", view_func=views.reprint, methods=["POST"])

# Assisted and counter filing
bp.add_url_rule("/assist", view_func=views.assist, methods=["POST"])
bp.add_url_rule("/counter", view_func=views.enter_counter_dossier, methods=["POST"])
bp.add_url_rule("/assist/stop", view_func=views.stop_assisting, methods=["POST"])

# Hand-over of results
bp.add_url_rule("/hand-over", view_func=handover_views.hand_over_scan, methods=["GET", "POST"])
bp.add_url_rule("/dossiers/<code>/hand-over", view_func=handover_views.hand_over, methods=["GET", "POST"])
bp.add_url_rule("/dossiers/<code>/handed-over", view_func=handover_views.handed_over, methods=["GET"])
bp.add_url_rule("/dossiers/<code>/rating", view_func=handover_views.invite_rating, methods=["POST"])
bp.add_url_rule("/dossiers/<code>/result-slip.pdf", view_func=handover_views.result_slip, methods=["GET"])
bp.add_url_rule("/dossiers/<code>/result-slip/print", view_func=handover_views.print_result_slip,
                methods=["POST"])

# Notices: supplement requests, refusals, process control, apologies
bp.add_url_rule("/due-dates-moved", view_func=notices_views.moved_due_dates, methods=["GET"])
bp.add_url_rule("/dossiers/<code>/supplement-slip.pdf", view_func=notices_views.supplement_request_slip,
                methods=["GET"])
bp.add_url_rule("/dossiers/<code>/supplement-slip/print", view_func=notices_views.print_supplement_request,
                methods=["POST"])
bp.add_url_rule("/dossiers/<code>/refusal-slip.pdf", view_func=notices_views.refusal_slip_pdf, methods=["GET"])
bp.add_url_rule("/dossiers/<code>/control-slip.pdf", view_func=notices_views.process_control_slip,
                methods=["GET"])
bp.add_url_rule("/dossiers/<code>/apology", view_func=notices_views.apology, methods=["GET", "POST"])
bp.add_url_rule("/dossiers/<code>/apology.pdf", view_func=notices_views.apology_pdf, methods=["GET"])

# Fees
bp.add_url_rule("/dossiers/<code>/payment", view_func=payment_views.confirm_payment, methods=["POST"])
bp.add_url_rule("/dossiers/<code>/fee-receipt.pdf", view_func=payment_views.fee_receipt, methods=["GET"])
bp.add_url_rule("/dossiers/<code>/fee-receipt/print", view_func=payment_views.print_fee_receipt, methods=["POST"])
bp.add_url_rule("/dossiers/<code>/payment/void", view_func=payment_views.void_fee_receipt, methods=["POST"])

# The bank statement
bp.add_url_rule("/reconciliation", view_func=reconciliation_views.reconciliation, methods=["GET", "POST"])
bp.add_url_rule("/reconciliation/confirm", view_func=reconciliation_views.reconciliation_confirm,
                methods=["POST"])
