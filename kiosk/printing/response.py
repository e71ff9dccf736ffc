"""A PDF the browser opens inline, so its print dialog prints it."""
from flask import make_response


def pdf_response(pdf: bytes, filename: str):
    response = make_response(pdf)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
