"""Printed slips: reportlab PDFs with an embedded Vietnamese-capable font and a vector QR code."""
from .layout import Slip, render_slip

__all__ = ["Slip", "render_slip"]
