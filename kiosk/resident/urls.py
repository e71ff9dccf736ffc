"""The resident's pages: every URL rule of the blueprint, in one place. The view modules never import it."""
from flask import Blueprint

from kiosk.fragments import same_for_strangers

from . import draft_views, lookup_views, rating_views, views

bp = Blueprint("resident", __name__)
bp.before_app_request(views.load_visit)

# Catalogue and procedures
# (the pages everybody sees before a visit begins are rendered once per language, kiosk/fragments.py)
bp.add_url_rule("/", view_func=same_for_strangers(views.home), methods=["GET"])
bp.add_url_rule("/procedures", view_func=same_for_strangers(views.procedures, views.most_used_version),
                methods=["GET"])
bp.add_url_rule("/procedures/<code>", view_func=views.procedure, methods=["GET"])  # its start form signs a token
bp.add_url_rule("/procedures/<code>/checklist.pdf", view_func=views.checklist, methods=["GET"])
bp.add_url_rule("/procedures/<code>/form.pdf", view_func=views.blank_form, methods=["GET"])
bp.add_url_rule("/procedures/<code>/<any(checklist, form):slip>/print", view_func=views.print_procedure_slip,
                methods=["POST"])
bp.add_url_rule("/procedures/<code>/<any(checklist, form):slip>", view_func=views.procedure_slip, methods=["GET"])
bp.add_url_rule("/procedures/<code>/start", view_func=views.start, methods=["POST"])

# The form wizard and filing
bp.add_url_rule("/apply/<step_id>", view_func=views.step, methods=["GET", "POST"])
bp.add_url_rule("/apply/<step_id>/card", view_func=views.read_id_card, methods=["POST"])
bp.add_url_rule("/apply/check", view_func=views.check, methods=["GET"])
bp.add_url_rule("/apply/submit", view_func=views.submit, methods=["POST"])
bp.add_url_rule("/dossiers/<code>/done", view_func=views.done, methods=["GET"])
bp.add_url_rule("/dossiers/<code>/receipt/print", view_func=views.print_receipt, methods=["POST"])
bp.add_url_rule("/dossiers/<code>/receipt", view_func=views.receipt_view, methods=["GET"])
bp.add_url_rule("/dossiers/<code>/receipt.pdf", view_func=views.receipt, methods=["GET"])
bp.add_url_rule("/print-jobs/<token>", view_func=views.print_job, methods=["GET"])

# The visit
bp.add_url_rule("/finish", view_func=views.finish_confirm, methods=["GET"])
bp.add_url_rule("/finish", view_func=views.finish, methods=["POST"])
bp.add_url_rule("/ended", view_func=views.ended, methods=["GET"])
bp.add_url_rule("/visit/keepalive", view_func=views.keepalive, methods=["POST"])

# Drafts
bp.add_url_rule("/apply/save", view_func=draft_views.save_draft, methods=["GET", "POST"])
bp.add_url_rule("/drafts/saved", view_func=draft_views.draft_saved, methods=["GET"])
bp.add_url_rule("/drafts/saved/slip.pdf", view_func=draft_views.draft_slip, methods=["GET"])
bp.add_url_rule("/drafts/saved/slip/print", view_func=draft_views.print_draft_slip, methods=["POST"])
bp.add_url_rule("/drafts/saved/slip", view_func=draft_views.draft_slip_view, methods=["GET"])
bp.add_url_rule("/drafts/saved/done", view_func=draft_views.draft_done, methods=["POST"])
bp.add_url_rule("/resume", view_func=draft_views.resume, methods=["GET", "POST"])

# Ratings
bp.add_url_rule("/rate", view_func=rating_views.rate, methods=["GET", "POST"])

# --- The public look-up, on every server: a terminal's screen, the centre's page for residents' phones ---------
lookup_bp = Blueprint("lookup", __name__)
lookup_bp.add_url_rule("/lookup", view_func=lookup_views.lookup, methods=["GET", "POST"])
lookup_bp.add_url_rule("/l/<code>", view_func=lookup_views.lookup_signed, methods=["GET"])
