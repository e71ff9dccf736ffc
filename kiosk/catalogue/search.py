"""Procedure search as residents type, best match first.

Every word is folded (no accents, lower case, i and y alike) and then looked up in the catalogue's
vocabulary; a word that is not there is read as Telex left-overs ("kys"), as words typed together
("khaisinh"), as a word with one typo ("ket hnon"), or as the start of a word ("chung th"), in that order.
Procedures are ranked BM25F-style: a word counts more the fewer procedures hold it, and more in the name
than in the names people say at the counter (`spoken:`), the keywords, and the description. Two words typed
next to each other that stand next to each other in a procedure add a bonus, so "khai sinh" beats a
procedure holding "khai" and "sinh" far apart. Words that carry little meaning in a query ("làm", "cho",
"giấy"…) are weighed down, not dropped (synonyms.yaml).
"""
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from kiosk.core.text import fold

SYNONYMS_FILE = Path(__file__).parent / "synonyms.yaml"

# Field weights: where a word stands says how much it tells about the procedure.
FIELD_WEIGHTS = {"name": 3.0, "spoken": 2.5, "keywords": 2.0, "english": 1.2, "summary": 1.0}
LENGTH_NORMALISED = {"name": 0.6, "summary": 0.5}  # BM25's b: a word in a short name is worth more
K1 = 1.2
PAIR_WEIGHT = 0.6  # two words typed together found together, on top of each word's own score
TYPO_WEIGHT, PREFIX_WEIGHT, SYNONYM_WEIGHT = 0.75, 0.5, 0.45
SYNONYM_FIELDS = ("name", "spoken", "keywords")
MAX_JOINED = 30  # letters of words run together worth splitting: a longer one is not a phrase typed fast
MAX_QUERY = 200  # characters read of a query: a pasted page must not cost the next resident their wait
RELATIVE_CUTOFF = 0.3  # a result scoring less than this share of the best one is noise, not an answer
_WORD = re.compile(r"[a-z0-9]+")
_TELEX = [(re.compile(r"dd"), "d"), (re.compile(r"([aeo])\1"), r"\1"), (re.compile(r"([aou])w"), r"\1"),
          (re.compile(r"(?<=[a-z])[sfrxj]$"), ""), (re.compile(r"w"), "u")]


def words(text: str) -> list[str]:
    """Folded words: 'Đăng Ký' and 'dang ki' both give ['dang', 'ki'] (i and y are one letter in searches)."""
    return _WORD.findall(fold(text).replace("y", "i"))


@lru_cache(maxsize=4)  # read once per process: every app (and every test's app) builds an index
def load_vocabulary(path: Path = SYNONYMS_FILE) -> tuple[list[list[tuple[str, ...]]], dict[str, float]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    groups = [[tuple(words(phrase)) for phrase in group] for group in data.get("synonyms", [])]
    fillers = {" ".join(words(word)): float(weight) for word, weight in (data.get("fillers") or {}).items()}
    return groups, fillers


class SearchIndex:
    def __init__(self, procedures: Iterable, synonyms: list[list[tuple[str, ...]]] | None = None,
                 fillers: dict[str, float] | None = None):
        groups, default_fillers = load_vocabulary()
        self._groups = groups if synonyms is None else synonyms
        self._fillers = default_fillers if fillers is None else fillers
        self._group_starts = defaultdict(list)  # first word -> (group, phrase): a look-up, not a scan
        for number, group in enumerate(self._groups):
            for phrase in group:
                if phrase:
                    self._group_starts[phrase[0]].append((number, phrase))
        self._procedures = list(procedures)
        self._names = [fold(p.name.vi) for p in self._procedures]
        self._postings = self._build()
        self._vocabulary = {term for term in self._postings if " " not in term and not term.startswith("#")}
        self._by_length = defaultdict(list)  # typo candidates are within one letter of the word's length
        for term in self._vocabulary:
            if term.isalpha() and len(term) >= 3:
                self._by_length[len(term)].append(term)
        self._resolved: dict[str, list[tuple[str, float]]] = {}
        self._choices = None

    # -- the index ---------------------------------------------------------------------------------------
    def _fields(self, procedure) -> dict[str, list[list[str]]]:
        """Each field as its phrases of words: pairs are only counted inside one phrase."""
        return {"name": [words(procedure.name.vi)],
                "spoken": [words(p) for p in getattr(procedure, "spoken", ())],
                "keywords": [words(k) for k in procedure.keywords],
                "english": [words(procedure.name.en), words(procedure.summary.en)],
                "summary": [words(procedure.summary.vi)]}

    def _build(self) -> dict[str, dict[int, float]]:
        present = defaultdict(lambda: defaultdict(dict))  # term -> doc -> field -> length factor
        lengths = defaultdict(list)
        documents = [self._fields(p) for p in self._procedures]
        for phrases_by_field in documents:
            for field, phrases in phrases_by_field.items():
                lengths[field].append(sum(len(p) for p in phrases))
        averages = {field: (sum(values) / len(values)) or 1 for field, values in lengths.items()}
        for number, phrases_by_field in enumerate(documents):
            for field, phrases in phrases_by_field.items():
                b = LENGTH_NORMALISED.get(field, 0)
                size = sum(len(p) for p in phrases)
                factor = FIELD_WEIGHTS[field] / (1 - b + b * size / averages[field])
                for phrase in phrases:
                    terms = phrase + [f"{a} {b_}" for a, b_ in pairwise(phrase)]
                    if field in SYNONYM_FIELDS:  # the procedure is about what a synonym group names
                        terms += self._groups_named(phrase)
                    for term in terms:
                        present[term][number][field] = factor
        total = len(self._procedures)
        postings = {}
        for term, docs in present.items():
            idf = math.log(1 + (total - len(docs) + 0.5) / (len(docs) + 0.5))
            if " " in term:
                idf *= PAIR_WEIGHT
            postings[term] = {}
            for number, fields in docs.items():
                tf = sum(fields.values())  # BM25F: the fields' weights add up, then saturate
                postings[term][number] = idf * tf * (K1 + 1) / (K1 + tf)
        return postings

    def _groups_named(self, phrase: list[str]) -> list[str]:
        """The synonym groups one of whose phrases stands in `phrase`, as index terms."""
        found = set()
        for position, word in enumerate(phrase):
            for number, other in self._group_starts.get(word, ()):
                if tuple(phrase[position:position + len(other)]) == other:
                    found.add(f"#{number}")
        return sorted(found)

    # -- reading the query -------------------------------------------------------------------------------
    def _split(self, word: str) -> list[str] | None:
        """Words typed together: the fewest known words of two letters or more that make up `word`."""
        best: list[list[str] | None] = [None] * (len(word) + 1)
        best[0] = []
        for end in range(2, len(word) + 1):
            for start in range(max(0, end - 12), end - 1):
                if best[start] is not None and word[start:end] in self._vocabulary:
                    candidate = best[start] + [word[start:end]]
                    if best[end] is None or len(candidate) < len(best[end]):
                        best[end] = candidate
        found = best[len(word)]
        return found if found and 1 < len(found) <= 5 else None

    def _split_with_extra_letter(self, word: str) -> list[str] | None:
        """Words typed together with one letter too many ("dangkykethonn")."""
        for position in range(len(word) - 1, -1, -1):
            if parts := self._split(word[:position] + word[position + 1:]):
                return parts
        return None

    def _resolve(self, word: str) -> list[list[tuple[str, float]]]:
        """The index terms a typed word stands for, as one or more slots of (term, weight) alternatives."""
        if word in self._vocabulary:
            return [[(word, 1.0)]]
        cached = self._resolved.get(word)
        if cached is not None:
            return cached
        slots: list[list[tuple[str, float]]] = []
        telex = word
        for pattern, replacement in _TELEX:
            telex = pattern.sub(replacement, telex)
        if telex != word and telex in self._vocabulary:
            slots = [[(telex, 1.0)]]
        elif len(word) >= 4 and (typos := self._typos(word)):
            slots = [[(term, TYPO_WEIGHT) for term in typos]]
        elif 4 <= len(word) <= MAX_JOINED and (parts := self._split(word)):
            slots = [[(part, 1.0)] for part in parts]
        elif 6 <= len(word) <= MAX_JOINED and (parts := self._split_with_extra_letter(word)):
            slots = [[(part, TYPO_WEIGHT)] for part in parts]
        elif len(word) >= 3:
            prefixed = sorted(term for term in self._vocabulary if term.startswith(word))[:8]
            slots = [[(term, PREFIX_WEIGHT) for term in prefixed]] if prefixed else []
        if len(self._resolved) > 5000:  # typed words are few; a flood of random ones must not grow memory
            self._resolved.clear()
        self._resolved[word] = slots
        return slots

    def _typos(self, word: str) -> list[str]:
        """Known words one edit away (a letter missing, extra, wrong, or two swapped)."""
        candidates = [t for size in (len(word) - 1, len(word), len(word) + 1) for t in self._by_length.get(size, ())]
        found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=1, limit=4)
        return [term for term, _, _ in found]

    def _slots(self, query: str) -> list[tuple[list[tuple[str, float]], float, str]]:
        """The query as slots: each a list of alternative terms, the slot's weight, and its kind: a typed
        "word", a "pair" of neighbouring words, or a "synonym" group the query names (which only ranks
        what the typed words found)."""
        typed = words(query)
        merged: list[str] = []
        for word in typed:  # words typed apart ("inter net"): join them when only the join is known
            if (merged and merged[-1] + word in self._vocabulary
                    and (merged[-1] not in self._vocabulary or word not in self._vocabulary)):
                merged[-1] += word
            else:
                merged.append(word)
        slots = []
        for word in merged:
            for alternatives in self._resolve(word):
                weight = min(self._fillers.get(term, 1.0) for term, _ in alternatives) if alternatives else 0
                slots.append((alternatives, weight, "word"))
        # Pairs of neighbouring words, and the other phrases of any synonym group the query holds.
        primary = [alternatives[0][0] if alternatives else "" for alternatives, _, _ in slots]
        pairs = []
        for (left, lw, _), (right, rw, _) in pairwise(slots):
            pair_terms = [(f"{a} {b}", wa * wb) for a, wa in left[:2] for b, wb in right[:2]]
            if pair_terms:
                pairs.append((pair_terms, max(lw, rw), "pair"))
        expansions = []
        for number, group in enumerate(self._groups):
            # One slot per group that the query names: it adds to every procedure about the same thing
            # (named by another phrase of the group), ranking what the typed words found.
            if any(_contains(primary, phrase) for phrase in group):
                expansions.append(([(f"#{number}", SYNONYM_WEIGHT)], 1.0, "synonym"))
        return slots + pairs + expansions

    # -- ranking -----------------------------------------------------------------------------------------
    def _scores(self, query: str) -> tuple[dict[int, float], dict[int, int]]:
        """Per procedure: its score, and how many meaningful typed words it holds."""
        totals: dict[int, float] = defaultdict(float)
        holds: dict[int, int] = defaultdict(int)
        slots = self._slots(query)
        for alternatives, weight, kind in slots:
            if len(alternatives) == 1:
                term, term_weight = alternatives[0]
                factor = term_weight * weight
                found = {number: value * factor for number, value in self._postings.get(term, {}).items()}
            else:  # a typo read several ways: the best reading counts, once
                found = {}
                for term, term_weight in alternatives:
                    factor = term_weight * weight
                    for number, value in self._postings.get(term, {}).items():
                        value *= factor
                        if value > found.get(number, 0):
                            found[number] = value
            for number, value in found.items():
                totals[number] += value
            if kind == "word" and weight >= 0.5:
                for number in found:
                    holds[number] += 1
        # Coordination: a procedure holding half the meaningful words typed counts for less than one
        # holding them all ("khai tử" finds the death registration, not the birth one).
        wanted = sum(1 for alternatives, weight, kind in slots if kind == "word" and weight >= 0.5 and alternatives)
        if wanted > 1:
            for number, count in holds.items():
                totals[number] *= 0.5 + 0.5 * count / wanted
        return totals, holds

    def search(self, query: str, field: str | None = None) -> list:
        """Matching procedures, best first; everything, by name, for an empty query."""
        query = query[:MAX_QUERY]
        if not words(query):
            numbers = [n for n, p in enumerate(self._procedures) if field is None or p.field == field]
            return [self._procedures[n] for n in sorted(numbers, key=lambda n: self._names[n])]
        totals, holds = self._scores(query)
        if holds:  # filler words only count beside others
            totals = {n: total for n, total in totals.items() if n in holds}
        elif any(self._fillers.get(word, 1.0) >= 0.5 for word in words(query)):
            return []  # "làm cccd": what was meant is not in the catalogue; "làm" alone is no answer
        if not totals:
            return []
        cutoff = max(totals.values()) * RELATIVE_CUTOFF  # over every field: noise stays noise in a field
        kept = [n for n, total in totals.items() if total >= cutoff
                and (field is None or self._procedures[n].field == field)]
        kept.sort(key=lambda n: (-totals[n], self._names[n]))
        return [self._procedures[n] for n in kept]

    def closest(self, query: str, limit: int = 3) -> list:
        """When nothing matches: the procedures whose names (official or spoken) look most like the query."""
        query = query[:MAX_QUERY]
        folded = " ".join(w for w in words(query) if self._fillers.get(w, 1.0) >= 0.5)
        if not folded:
            return []
        if self._choices is None:  # each distinct name once, with the procedures that bear it
            owners: dict[str, list[int]] = {}
            for n, p in enumerate(self._procedures):
                for text in (p.name.vi, *getattr(p, "spoken", ()), *p.keywords):
                    owners.setdefault(" ".join(words(text)), []).append(n)
            self._choices = list(owners)
            self._owners = list(owners.values())
            self._joined = [text.replace(" ", "") for text in self._choices]
        # Word by word ("gioy khoi sinh"), and letter by letter for words run together ("khaisinn").
        found = process.extract(folded, self._choices, scorer=fuzz.token_set_ratio, score_cutoff=65,
                                limit=limit * 4)
        joined = folded.replace(" ", "")
        if len(joined) >= 5:  # the query inside a longer name, not a short keyword inside the query
            longer = {i: text for i, text in enumerate(self._joined) if len(text) >= len(joined)}
            found += process.extract(joined, longer, scorer=fuzz.partial_ratio, score_cutoff=80, limit=limit * 4)
        found.sort(key=lambda match: (-match[1], len(self._joined[match[2]])))  # ties: the closer-sized name
        numbers = list(dict.fromkeys(n for _, _, position in found for n in self._owners[position]))
        return [self._procedures[n] for n in numbers[:limit]]


def _contains(sequence: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return size > 0 and any(tuple(sequence[i:i + size]) == phrase for i in range(len(sequence) - size + 1))
