"""Parts of pages that cannot change while the process runs, rendered once and then reused.

The catalogue is read at start and never edited in place, so its lists (the procedures, the fields, the
most used tiles) depend only on the reader's language and on which procedures are shown. Building them on
every request — dozens of `url_for` and translations — was most of the procedure list's cost in
`kiosk bench pages`. Nothing that depends on the visitor (a CSRF token, a signed-in name) may go in one.
"""
from collections import OrderedDict
from threading import Lock

from flask import request
from markupsafe import Markup

from .i18n import current_locale

KEPT = 512  # searches vary without end: keep the lists asked for lately, not every list ever asked for


class Fragments:
    """A bounded table of rendered parts, shared by the server's threads."""

    def __init__(self, kept: int = KEPT):
        self._parts: OrderedDict[tuple, Markup] = OrderedDict()
        self._lock = Lock()
        self.kept = kept

    def render(self, key: tuple, make) -> Markup:
        with self._lock:
            part = self._parts.get(key)
            if part is not None:
                self._parts.move_to_end(key)
                return part
        part = Markup(make())  # rendered outside the lock: two threads may both render it once, harmlessly
        with self._lock:
            self._parts[key] = part
            while len(self._parts) > self.kept:
                self._parts.popitem(last=False)
        return part

    def __len__(self) -> int:
        return len(self._parts)


def init_app(app):
    fragments = app.extensions["fragments"] = Fragments()

    def unchanging(*key, caller):
        """`{% call unchanging("name", …what it depends on) %}…{% endcall %}`: the block's HTML, rendered the
        first time for this key, in this language, under this mount point."""
        return fragments.render((request.script_root, current_locale(), *key), caller)

    app.jinja_env.globals["unchanging"] = unchanging
