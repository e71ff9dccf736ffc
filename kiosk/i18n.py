"""Locale choice and the formats residents read: dd/mm/yyyy and '50.000 ₫'."""
from urllib.parse import urlsplit

from flask import current_app, g, redirect, request, session, url_for
from flask_babel import get_locale, get_translations
from jinja2 import pass_context
from markupsafe import Markup

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


def format_decimal(value: float, digits: int = 1) -> str:
    """98,50 for Vietnamese readers, 98.50 for English ones."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if current_locale() == "vi" else text


def format_date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def format_moment(moment) -> str:
    """A stored UTC timestamp as Hanoi local time."""
    return f"{local(moment):%d/%m/%Y %H:%M}" if moment else ""


def switch_language(code):
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
    return redirect(local_path(request.args.get("next", "")) or home_url())


def local_path(target: str) -> str | None:
    """`target` if it is a path on this site, else None: a crafted link must not send the kiosk elsewhere.
    Browsers drop tabs and newlines and read a backslash as a slash, so "/<tab>/evil" and "/<backslash>evil"
    mean "//evil", another host: anything holding them, a scheme or a host is refused."""
    if not target or any(ord(ch) < 0x20 or ch in "\\\x7f" for ch in target):
        return None
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith("//") or parts.scheme or parts.netloc:
        return None  # browsers read "///host" as "//host" too
    return target


def home_url() -> str:
    """Where the masthead leads: the residents' start page, or on the centre (no residents) the office, or
    for a resident on the centre's public look-up, the look-up."""
    if "resident" in current_app.blueprints:
        return url_for("resident.home")
    return url_for("lookup.lookup") if request.blueprint == "lookup" else url_for("office.queue")


def breakable_code(code: str) -> Markup:
    """A dossier code that a narrow screen may wrap only after its hyphens: each part unbroken, a <wbr>
    after each hyphen (browsers never break a hyphen before a digit on their own; nothing is added to what
    is copied or read out). The whole code stays machine-readable in <data value>."""
    *parts, sequence, check = str(code).split("-") if "-" in str(code) else ("", str(code))
    # The check character stays with the sequence it checks: no lone letter on a line of its own.
    pieces = [f"{part}-" for part in parts] + [f"{sequence}-{check}" if sequence else check]
    inner = Markup("<wbr>").join(Markup('<span class="code-part">{}</span>').format(piece) for piece in pieces)
    return Markup('<data value="{}">{}</data>').format(code, inner)


def init_app(app):
    app.jinja_env.filters.update(money=format_money, day=format_date, moment=format_moment, decimal=format_decimal,
                                 breakable_code=breakable_code)
    app.add_url_rule("/lang/<code>", "switch_language", switch_language)  # every role: staff read both too

    @app.context_processor
    def locale_context():
        return {"locale": current_locale(), "languages": app.config["LANGUAGES"], "home_url": home_url,
                "current_path": request.full_path.rstrip("?"), TRANSLATIONS: get_translations()}

    # Flask-Babel looks the reader's catalogue up again for every string of a template; a page has dozens.
    # The catalogue is put in the template's context once per render instead (macros imported without the
    # context still find it through Flask-Babel).
    app.jinja_env.install_gettext_callables(gettext=_template_gettext, ngettext=_template_ngettext, newstyle=True)


TRANSLATIONS = "_reader_translations"


@pass_context
def _template_gettext(context, message):
    return (context.get(TRANSLATIONS) or get_translations()).ugettext(message)


@pass_context
def _template_ngettext(context, singular, plural, n):
    return (context.get(TRANSLATIONS) or get_translations()).ungettext(singular, plural, n)
