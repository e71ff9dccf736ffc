"""Accent- and case-insensitive procedure search over names, summaries and keywords."""
from collections.abc import Iterable

from kiosk.core.text import fold


class SearchIndex:
    def __init__(self, procedures: Iterable):
        self._entries = []
        for procedure in procedures:
            name = fold(f"{procedure.name.vi} {procedure.name.en}")
            extra = fold(" ".join([procedure.summary.vi, procedure.summary.en, *procedure.keywords]))
            self._entries.append((procedure, name, f"{name} {extra}"))

    def search(self, query: str) -> list:
        """Procedures matching every word of the query; name matches rank first."""
        words = fold(query).split()
        if not words:
            return [entry[0] for entry in sorted(self._entries, key=lambda e: e[1])]
        scored = []
        for procedure, name, text in self._entries:
            if all(word in text for word in words):
                phrase = " ".join(words)
                score = (phrase in name) * 4 + sum(word in name for word in words)
                scored.append((-score, name, procedure))
        return [procedure for _, _, procedure in sorted(scored, key=lambda s: s[:2])]
