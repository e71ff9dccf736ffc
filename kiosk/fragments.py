"""Parts of pages that cannot change while the process runs, rendered once and then reused; and whole
pages that are the same for everybody the kiosk does not know yet.

The catalogue is read at start and never edited in place, so its lists (the procedures, the fields, the
most used tiles) depend only on the reader's language and on which procedures are shown. Building them on
every request — dozens of `url_for` and translations — was most of the procedure list's cost in
`kiosk bench pages`. Nothing that depends on the visitor (a CSRF token, a signed-in name) may go in one.
"""
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from threading import Lock

from flask import current_app, g, request, session
from markupsafe import Markup

from .auth.services import may_be_signed_in
from .i18n import current_locale, select_locale

KEPT = 512  # searches vary without end: keep the lists asked for lately, not every list ever asked for
PAGES_KEPT = 128  # whole pages (~15 KB each): the start page and the catalogue, per language and mount point


class Fragments:
    """A bounded table of rendered parts, shared by the server's threads."""

    def __init__(self, kept: int = KEPT):
        self._parts: OrderedDict[tuple, Markup] = OrderedDict()
        self._lock = Lock()
        self.kept = kept

    def render(self, key: tuple, make, keep: Callable[[], bool] = lambda: True) -> Markup:
        """The part kept for `key`, else `make()`'s, kept unless `keep()` says after making it that it
        holds something of this visitor's."""
        with self._lock:
            part = self._parts.get(key)
            if part is not None:
                self._parts.move_to_end(key)
                return part
        part = Markup(make())  # rendered outside the lock: two threads may both render it once, harmlessly
        if not keep():
            return part
        with self._lock:
            self._parts[key] = part
            while len(self._parts) > self.kept:
                self._parts.popitem(last=False)
        return part

    def __len__(self) -> int:
        return len(self._parts)


def same_for_strangers(view, depends_on: Callable[[], tuple] = tuple):
    """`view`'s page, rendered once per address and language and then served as it is to everybody the kiosk
    does not know yet: no visit begun, nobody signed in, nothing flashed, no search words. That is the
    catalogue a resident opens first, most of a terminal's pages (DESIGN §11's page budget). A page whose
    rendering put something in the visitor's session (a CSRF token) is not kept. `depends_on()`: what else
    the page shows that may change while the process runs (a file a guide edits)."""
    @wraps(view)
    def page(**kwargs):
        if (request.query_string or g.get("visit") is not None or may_be_signed_in()
                or "_flashes" in session):
            return view(**kwargs)
        key = (request.script_root, request.path, select_locale(), *depends_on())
        return current_app.extensions["pages"].render(key, lambda: view(**kwargs), keep=lambda: not session.modified)

    return page


def init_app(app):
    fragments = app.extensions["fragments"] = Fragments()
    app.extensions["pages"] = Fragments(kept=PAGES_KEPT)

    def unchanging(*key, caller):
        """`{% call unchanging("name", …what it depends on) %}…{% endcall %}`: the block's HTML, rendered the
        first time for this key, in this language, under this mount point."""
        return fragments.render((request.script_root, current_locale(), *key), caller)

    app.jinja_env.globals["unchanging"] = unchanging
