"""How large a request may be. Pages (a guide's scan upload is the largest) are held to the scan limit plus
the form around it; the terminals' API keeps MAX_CONTENT_LENGTH (a base64 scan in JSON is a third larger).
A body declaring more is refused with 413 from its Content-Length alone, before it is read; waitress is
given the overall limit too, so it refuses such a body before buffering it (kiosk/serving.py)."""
from flask import request

FORM_OVERHEAD = 256 * 1024  # the form's other fields and the multipart framing around the file


def page_limit(config) -> int:
    return int(config["SCAN_MAX_BYTES"]) + FORM_OVERHEAD


def megabytes(size: int) -> str:
    """8388608 -> '8 MB', 1572864 -> '1.5 MB', 10000 -> '10 KB'."""
    value = size / (1024 * 1024)
    if value < 1:
        return f"{size / 1024:.0f} KB"
    return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"


def init_app(app):
    app.config["MAX_CONTENT_LENGTH"] = max(int(app.config["MAX_CONTENT_LENGTH"] or 0), page_limit(app.config))

    # A URL value preprocessor runs before every before_request hook, so the limit is in place before the
    # CSRF check first reads the form.
    @app.url_value_preprocessor
    def limit_pages(endpoint, _values):
        if not (endpoint or "").startswith("api."):
            request.max_content_length = page_limit(app.config)
