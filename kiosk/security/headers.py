"""Security headers on every response, error pages included."""
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app):
    @app.after_request
    def secure(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if response.mimetype != "text/css" and response.mimetype not in _CACHEABLE:
            # Anything but static assets may hold a resident's data on a shared machine.
            response.headers["Cache-Control"] = "no-store"
        return response


_CACHEABLE = {"application/javascript", "text/javascript", "font/ttf", "image/png", "image/svg+xml"}
