"""A slip's PDF, shown inside the app's own page (an <iframe>) when the terminal has no printer."""
from flask import make_response

from kiosk.security.headers import CSP


def pdf_response(pdf: bytes, filename: str):
    response = make_response(pdf)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    # Our own page may frame the PDF; nobody else may (frame-ancestors overrides X-Frame-Options).
    response.headers["Content-Security-Policy"] = CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
    return response
