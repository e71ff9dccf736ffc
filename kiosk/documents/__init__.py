"""Scans of the papers a resident hands in, attached to a dossier by a guide."""
