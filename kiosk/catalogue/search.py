"""Procedure search as residents type: any accents or none, any case or word order, common synonyms."""
import bisect
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import yaml

from kiosk.core.text import fold

SYNONYMS_FILE = Path(__file__).parent / "synonyms.yaml"


def load_synonyms(path: Path = SYNONYMS_FILE) -> list[list[str]]:
    groups = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [[fold(phrase) for phrase in group] for group in groups]


class SearchIndex:
    def __init__(self, procedures: Iterable, synonyms: list[list[str]] | None = None):
        self._synonyms = load_synonyms() if synonyms is None else synonyms
        self._entries = []
        postings = defaultdict(set)  # word -> entries holding it, so a query scores only candidates
        for number, procedure in enumerate(procedures):
            name = fold(f"{procedure.name.vi} {procedure.name.en}")
            extra = fold(" ".join([procedure.summary.vi, procedure.summary.en, *procedure.keywords]))
            text = f" {name} {extra} "
            self._entries.append((procedure, name, text))
            for word in text.split():
                postings[word].add(number)
        self._words = sorted(postings)
        self._postings = postings

    def _holding_prefix(self, prefix: str) -> set[int]:
        found = set()
        start = bisect.bisect_left(self._words, prefix)
        for word in self._words[start:]:
            if not word.startswith(prefix):
                break
            found |= self._postings[word]
        return found

    def _candidates(self, words: list[str]) -> set[int]:
        sets = sorted((self._holding_prefix(word) for word in words), key=len)
        return set.intersection(*sets) if sets else set()

    def _variants(self, query: str) -> list[str]:
        """The query, and the query with each synonym it contains swapped for the others in its group."""
        variants = [query]
        padded = f" {query} "
        for group in self._synonyms:
            for phrase in group:
                if f" {phrase} " in padded:
                    variants += [padded.replace(f" {phrase} ", f" {other} ").strip() for other in group
                                 if other != phrase]
        return variants

    @staticmethod
    def _score(words: list[str], name: str, text: str) -> int | None:
        if not all(f" {word}" in text for word in words):
            return None
        phrase = " ".join(words)
        return (phrase in name) * 8 + sum(f" {word}" in f" {name}" for word in words) * 2 + (phrase in text)

    def search(self, query: str, field: str | None = None) -> list:
        """Matching procedures, best first; every word must start a word of the procedure's text."""
        folded = " ".join(fold(query).split())
        if not folded:
            entries = [e for e in self._entries if field is None or e[0].field == field]
            return [entry[0] for entry in sorted(entries, key=lambda e: e[1])]
        best = {}
        for words in (v.split() for v in self._variants(folded)):
            for number in self._candidates(words):
                procedure, name, text = self._entries[number]
                if field is not None and procedure.field != field:
                    continue
                score = self._score(words, name, text)
                if score is not None and score > best.get(number, (-1,))[0]:
                    best[number] = (score, name, procedure)
        ranked = sorted(best.values(), key=lambda s: (-s[0], s[1]))
        return [procedure for _, _, procedure in ranked]
