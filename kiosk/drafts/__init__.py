"""Saved, half-filled forms a resident resumes later with a code from the printed slip."""
