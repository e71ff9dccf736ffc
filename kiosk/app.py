"""The application factory. No database work happens here: `kiosk demo` and `kiosk init` migrate."""
from pathlib import Path

from flask import Flask

from . import __version__, database, errors, fragments, i18n, maintenance, roles, storage  # noqa: F401  (storage: its tables)
from . import config as settings
from .catalogue import facts, load_catalogue
from .central import models as central_models  # noqa: F401  (its tables: every role's schema, as migrations make it)
from .dossiers import recording, states  # noqa: F401  (recording: the flush announces every event)
from .dossiers.labels import (
    actor_labels,
    assisting_text,
    channel_label,
    event_label,
    event_note,
    status_label,
)
from .dossiers.progress import due_on_shown, supplement_request, timeline
from .extensions import SessionInterface, babel, csrf, db, login_manager
from .forms.builder import error_pairs
from .paths import shipped
from .payments import fees
from .reports.wards import ward_name
from .security import files, headers, limits, nul

PACKAGE_ROOT = Path(__file__).resolve().parent


def create_app(config=None):
    """`config` is a config name ('production', 'development', 'testing') or a dict of overrides
    (with an optional 'CONFIG' naming the base)."""
    overrides = dict(config) if isinstance(config, dict) else {}
    name = config if isinstance(config, str) else overrides.pop("CONFIG", None)
    environment = settings.from_environment()  # every KIOSK_* variable, typed and checked, or UnsafeConfig
    config_class = settings.CONFIGS[name or environment.pop("CONFIG", "production")]
    environment.pop("CONFIG", None)

    values = {k: getattr(config_class, k) for k in dir(config_class) if k.isupper()}
    values.update(environment)
    values.update(overrides)
    settings.check(values)
    config_class.check(values)
    values["FILE_STORE"] = settings.check_file_store(values)

    instance_path = Path(values["INSTANCE_PATH"]).resolve()
    instance_path.mkdir(parents=True, exist_ok=True)
    app = Flask(__name__, instance_path=str(instance_path),
                template_folder=str(shipped("templates")), static_folder=str(shipped("static")))
    app.config.update(values)
    app.config["SQLALCHEMY_DATABASE_URI"] = (values.get("SQLALCHEMY_DATABASE_URI")
                                             or f"sqlite:///{instance_path / 'kiosk.db'}")
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # Only requests at work hold a connection (those waiting on the intake hold none), but of a
        # centre's 64 threads a few dozen are at work at once under load, each holding its connection while
        # others have the GIL. A pool smaller than that opens and closes connections by the hundred a second,
        # and PostgreSQL starts a process for each: 10 kept gave 380 dossiers/s, 30 kept 550-615 (`kiosk
        # bench ingest`, 200 terminals). PostgreSQL's max_connections must cover 40 per centre process.
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_size": 30, "max_overflow": 10})
    _bind_extensions(app)
    _add_template_globals(app)
    app.extensions["catalogue"] = load_catalogue()  # the shipped procedures; a ward edits their data, not a path
    _register_blueprints(app)
    return app


def _register_blueprints(app):
    """The role's blueprints and signal subscribers, from the one table in kiosk/roles.py."""
    roles.set_up(app)


def _bind_extensions(app):
    files.init_app(app)  # before anything writes: personal data on disk is the server user's alone
    db.init_app(app)
    database.tune_sqlite()
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale,
                   default_translation_directories=str(PACKAGE_ROOT / "translations"))
    login_manager.init_app(app)
    app.session_interface = SessionInterface()
    i18n.init_app(app)
    fragments.init_app(app)  # the catalogue's lists, rendered once per language
    headers.init_app(app)
    limits.init_app(app)
    nul.init_app(app)
    errors.init_app(app)
    maintenance.init_app(app)  # request ids and log lines, a restored terminal's filing pause


def _add_template_globals(app):
    def catalogue_name(code):
        return app.extensions["catalogue"].get(code).name.get(i18n.current_locale())

    def place_name(dossier=None):
        """Whose page this is, in the masthead and title: the ward's; at the centre, which serves every ward,
        the dossier's ward where a dossier is shown, else the city's service."""
        if app.config["ROLE"] != "central":
            return app.config["WARD_NAME"]
        code = getattr(dossier, "ward_code", None)
        return ward_name(code) if code else app.config["CENTRE_NAME"]

    app.jinja_env.globals.update(place_name=place_name)
    app.jinja_env.globals.update(form_error_pairs=error_pairs, status_label=status_label, channel_label=channel_label,
                                 event_label=event_label, event_note=event_note, actor_labels=actor_labels,
                                 supplement_request=supplement_request, due_on_shown=due_on_shown, timeline=timeline,
                                 catalogue_name=catalogue_name, fee_lines=facts.fee_lines, fee_told=fees.fee_told,
                                 time_limit_text=facts.time_limit_text, online_service_text=facts.online_service_text,
                                 documents_to_hand_in=facts.documents_to_hand_in,
                                 documents_to_show=facts.documents_to_show, document_counts=facts.document_counts,
                                 fact_label=facts.fact_label, kiosk_version=__version__)
    # The state machine's rules and the assisting modes' wording: templates call these, never compare a status.
    app.jinja_env.globals.update(is_overdue=states.is_overdue, is_due_soon=states.is_due_soon,
                                 may_print_supplement_request=states.may_print_supplement_request,
                                 may_print_refusal=states.may_print_refusal, may_hand_over=states.may_hand_over,
                                 assisting_text=assisting_text)
