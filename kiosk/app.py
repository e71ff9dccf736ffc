"""The application factory. No database work happens here: `kiosk demo` and `kiosk init` migrate."""
import os
from pathlib import Path

from flask import Flask

from . import __version__, database, errors, health, i18n, maintenance
from . import config as settings
from .catalogue import facts, load_catalogue
from .central import restore_api  # noqa: F401  (adds /api/v1/terminal/state to the API)
from .central.api import bp as api_bp
from .central.intake import Intake
from .central.office import bp as office_bp
from .central.terminals_views import bp as terminals_admin_bp
from .dossiers.labels import channel_label, event_label, event_note, status_label
from .extensions import babel, csrf, db, login_manager
from .forms.builder import error_pairs
from .paths import shipped
from .reports import tallies  # noqa: F401  (its session hook keeps the figures' tallies in step)
from .reports.views import bp as reports_bp
from .resident.views import bp as resident_bp
from .security import files, headers, limits, nul
from .staff.views import bp as staff_bp

PACKAGE_ROOT = Path(__file__).resolve().parent


def create_app(config=None):
    """`config` is a config name ('production', 'development', 'testing') or a dict of overrides
    (with an optional 'CONFIG' naming the base)."""
    overrides = dict(config) if isinstance(config, dict) else {}
    name = config if isinstance(config, str) else overrides.pop("CONFIG", None)
    config_class = settings.CONFIGS[name or os.environ.get("KIOSK_CONFIG", "production")]

    values = {k: getattr(config_class, k) for k in dir(config_class) if k.isupper()}
    values.update(settings.from_environment())
    values.update(settings.printing_from_environment())
    values.update(overrides)
    config_class.check(values)
    settings.check_printing(values)

    instance_path = Path(values["INSTANCE_PATH"]).resolve()
    instance_path.mkdir(parents=True, exist_ok=True)
    app = Flask(__name__, instance_path=str(instance_path),
                template_folder=str(shipped("templates")), static_folder=str(shipped("static")))
    app.config.update(values)
    app.config["SQLALCHEMY_DATABASE_URI"] = (values.get("SQLALCHEMY_DATABASE_URI")
                                             or f"sqlite:///{instance_path / 'kiosk.db'}")
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # Only requests at work hold a connection (those waiting on the intake hold none). A pool that
        # is too small opens and closes connections under load, and PostgreSQL starts a process for each.
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_size": 10, "max_overflow": 20})
    _bind_extensions(app)
    _add_template_globals(app)
    app.extensions["catalogue"] = load_catalogue(app.config.get("CATALOGUE_PATH")
                                                 or PACKAGE_ROOT / "catalogue" / "procedures")
    _register_blueprints(app)
    return app


def _register_blueprints(app):
    """Terminals serve residents and guides; the centre serves terminals and officers; standalone, all."""
    role = app.config["ROLE"]
    if role not in settings.ROLES:
        raise settings.UnsafeConfig(f"KIOSK_ROLE must be one of {', '.join(settings.ROLES)}")
    app.register_blueprint(health.bp)  # /healthz and /readyz on every role
    if role in ("standalone", "terminal"):
        app.register_blueprint(resident_bp)
    app.register_blueprint(staff_bp, url_prefix="/staff")  # sign-in for guides and officers alike
    app.register_blueprint(reports_bp, url_prefix="/reports")
    if role in ("standalone", "central"):
        app.register_blueprint(api_bp, url_prefix="/api/v1")
        app.extensions["intake"] = Intake()  # messages arriving at once are written together
        app.register_blueprint(office_bp, url_prefix="/office")
        app.register_blueprint(terminals_admin_bp)  # /office/terminals and /metrics


def _bind_extensions(app):
    files.init_app(app)  # before anything writes: personal data on disk is the server user's alone
    db.init_app(app)
    database.tune_sqlite()
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale,
                   default_translation_directories=str(PACKAGE_ROOT / "translations"))
    login_manager.init_app(app)
    i18n.init_app(app)
    headers.init_app(app)
    limits.init_app(app)
    nul.init_app(app)
    errors.init_app(app)
    maintenance.init_app(app)  # request ids and log lines, a restored terminal's filing pause


def _add_template_globals(app):
    def catalogue_name(code):
        return app.extensions["catalogue"].get(code).name.get(i18n.current_locale())

    app.jinja_env.globals.update(form_error_pairs=error_pairs, status_label=status_label, channel_label=channel_label,
                                 event_label=event_label, event_note=event_note,
                                 catalogue_name=catalogue_name, fee_lines=facts.fee_lines,
                                 time_limit_text=facts.time_limit_text, online_service_text=facts.online_service_text,
                                 documents_to_hand_in=facts.documents_to_hand_in,
                                 documents_to_show=facts.documents_to_show, document_counts=facts.document_counts,
                                 fact_label=facts.fact_label, kiosk_version=__version__)
