"""Flask extensions, created unbound here and bound to an app in create_app."""
from flask import current_app, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import Babel
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect, FlaskForm
from flask_wtf.form import SUBMIT_METHODS, _Auto
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import FileField

# Stable constraint names so that Alembic can drop and alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Model(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, its signer made once per set of keys: Flask makes a new one, which
    serialises an empty dict to test itself, on every request (a tenth of a kept page's cost)."""

    def __init__(self):
        self._signers = {}

    def get_signing_serializer(self, app):
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self._signers:
            self._signers[keys] = super().get_signing_serializer(app)
        return self._signers[keys]


db = SQLAlchemy(model_class=Model)
login_manager = LoginManager()
class _CSRFProtect(CSRFProtect):
    """Flask-WTF's protection, except that a form part without a name (a malformed multipart body, which
    werkzeug keeps under the key None) is passed over instead of failing the request with a 500."""

    def _get_csrf_token(self):
        field_name = current_app.config["WTF_CSRF_FIELD_NAME"]
        named = [(key, value) for key, value in request.form.items(multi=True) if isinstance(key, str)]
        for key, value in sorted(named, key=lambda item: item[0] != field_name):  # the plain name first
            if key.endswith(field_name) and value:
                return value
        for header_name in current_app.config["WTF_CSRF_HEADERS"]:
            if request.headers.get(header_name):
                return request.headers[header_name]
        return None


csrf = _CSRFProtect()


class _FormMeta(FlaskForm.Meta):
    """Where every FlaskForm of the app reads a submission: the posted form fields, and uploaded files only
    for its file fields. Flask-WTF's default also lets a file stand in for a text field and reads JSON
    bodies as form data, so that a crafted request met `len()` or `.strip()` on a file and failed with a 500;
    the app's forms are posted by browsers, as forms."""

    def wrap_formdata(self, form, formdata):
        if formdata is not _Auto:
            return formdata
        if request.method not in SUBMIT_METHODS:
            return None
        file_fields = {field.name for field in form if isinstance(field, FileField)}
        files = [(name, file) for name, file in request.files.items(multi=True) if name in file_fields]
        return CombinedMultiDict((MultiDict(files), request.form)) if files else request.form


FlaskForm.Meta = _FormMeta  # FormMeta re-reads Meta on the first form made: set before any is
babel = Babel()
