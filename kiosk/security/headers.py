"""Security headers on every response, error pages included; HTTPS-only cookies and HSTS behind HTTPS;
proxy headers trusted only for the configured number of hops."""
from flask import g
from werkzeug.middleware.proxy_fix import ProxyFix

from kiosk.config import behind_https

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
# What a browser forgets when a resident's visit or a staff session ends: its cache, storage and cookies
# (the cookies kept when a guide stays signed in at the terminal).
CLEAR_ALL = '"cache", "cookies", "storage"'
CLEAR_KEEP_COOKIES = '"cache", "storage"'


def init_app(app):
    https = behind_https(app.config)
    if https:
        app.config["SESSION_COOKIE_SECURE"] = True
        # __Host-: only over HTTPS, for this host alone, for every path; no subdomain can plant or read it.
        if not app.config["SESSION_COOKIE_NAME"].startswith("__Host-"):
            app.config["SESSION_COOKIE_NAME"] = "__Host-" + app.config["SESSION_COOKIE_NAME"]
        app.config["SESSION_COOKIE_DOMAIN"] = None
        app.config["SESSION_COOKIE_PATH"] = "/"
        app.config["REMEMBER_COOKIE_SECURE"] = True
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops > 0:
        # Without a proxy (the default), X-Forwarded-* are anybody's words and are ignored.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)

    @app.after_request
    def secure(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if https:
            response.headers["Strict-Transport-Security"] = HSTS
        if getattr(g, "clear_site_data", None):
            response.headers["Clear-Site-Data"] = g.clear_site_data
        if response.mimetype != "text/css" and response.mimetype not in _CACHEABLE:
            # Anything but static assets may hold a resident's data on a shared machine.
            response.headers["Cache-Control"] = "no-store"
        return response


def clear_site_data(cookies: bool = True) -> None:
    """This request's response (a finish, an idle wipe, a sign-out) tells the browser to drop what it kept."""
    g.clear_site_data = CLEAR_ALL if cookies else CLEAR_KEEP_COOKIES


_CACHEABLE = {"application/javascript", "text/javascript", "font/ttf", "image/png", "image/svg+xml"}
