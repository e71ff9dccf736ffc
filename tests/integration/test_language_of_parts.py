"""On an English page, text the catalogue has only in Vietnamese (the laws it cites) is marked lang="vi", so a
screen reader reads it with Vietnamese rules (WCAG 3.1.2); the English texts around it are not."""
from html.parser import HTMLParser

import pytest

from kiosk.auth.services import create_user
from tests.support import sign_in

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class TextLanguages(HTMLParser):
    """Each text node of <body> with the language it sits in (the nearest lang attribute)."""

    def __init__(self):
        super().__init__()
        self.stack, self.texts, self.in_body = [], [], False

    def handle_starttag(self, tag, attrs):
        self.in_body = self.in_body or tag == "body"
        if tag not in VOID:
            self.stack.append(dict(attrs).get("lang"))

    def handle_endtag(self, tag):
        if tag not in VOID:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_body and data.strip():
            self.texts.append((" ".join(data.split()), next((lang for lang in reversed(self.stack) if lang), None)))


def languages(html):
    parser = TextLanguages()
    parser.feed(html)
    return parser.texts


def vietnamese_only(procedure):
    """The catalogue's texts that have no English version."""
    return set(procedure.legal_basis) | {source.ref for source in procedure.sources.values()}


@pytest.fixture
def english(client):
    client.get("/lang/en?next=/")
    return client


def test_every_vietnamese_catalogue_text_on_an_english_procedure_page_is_marked(app, english):
    procedures = app.extensions["catalogue"].all()
    marked = 0
    for procedure in procedures:
        html = english.get(f"/procedures/{procedure.code}").get_data(as_text=True)
        assert '<html lang="en"' in html
        texts = languages(html)
        for law in procedure.legal_basis:
            shown = [lang for text, lang in texts if text == " ".join(law.split())]
            assert shown, f"{procedure.code}: {law!r} is not shown"
            assert set(shown) == {"vi"}, f"{procedure.code}: {law!r} is not marked Vietnamese"
            marked += 1
        # What the catalogue has in English stays in the page's language.
        for text in (procedure.name.en, procedure.summary.en, procedure.result.document.en):
            assert {lang for t, lang in texts if t == " ".join(text.split())} == {"en"}, (procedure.code, text)
    assert marked >= len(procedures)  # every procedure cites at least one law


def test_the_ward_name_in_the_masthead_is_marked(english):
    texts = languages(english.get("/procedures").get_data(as_text=True))
    assert ("Phường Ba Đình", "vi") in texts
    assert ("Choose a procedure", "en") in texts


def test_the_sources_on_the_english_catalogue_facts_report_are_marked(app, client):
    with app.app_context():
        create_user("minh", "supervisor password 1", "Phạm Văn Minh", "supervisor")
    sign_in(client, "minh", "supervisor password 1")
    client.get("/lang/en?next=/")
    html = client.get("/reports/catalogue-facts").get_data(as_text=True)
    expected = set().union(*(vietnamese_only(p) for p in app.extensions["catalogue"].all())) - set(
        law for p in app.extensions["catalogue"].all() for law in p.legal_basis)
    texts = languages(html)
    refs = [(text, lang) for text, lang in texts if text in {" ".join(e.split()) for e in expected}]
    assert refs, "no cited source on the report"
    assert {lang for _text, lang in refs} == {"vi"}
