"""Locale choice and the formats residents read: dd/mm/yyyy and '50.000 ₫'."""
from flask import current_app, g, request, session
from flask_babel import get_locale

from kiosk.core.clock import local


def select_locale():
    wanted = getattr(g, "locale", None) or session.get("locale")
    if wanted in current_app.config["LANGUAGES"]:
        return wanted
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale() -> str:
    return str(get_locale() or "vi")


def format_money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " ₫"


def format_date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def format_moment(moment) -> str:
    """A stored UTC timestamp as Hanoi local time."""
    return f"{local(moment):%d/%m/%Y %H:%M}" if moment else ""


def init_app(app):
    app.jinja_env.filters.update(money=format_money, day=format_date, moment=format_moment)

    @app.context_processor
    def locale_context():
        return {"locale": current_locale(), "languages": app.config["LANGUAGES"],
                "current_path": request.full_path.rstrip("?")}
