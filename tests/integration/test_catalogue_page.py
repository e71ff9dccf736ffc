"""The catalogue page: most used procedures first, ranked results, and never an empty page."""
import re

from click.testing import CliRunner

from kiosk.catalogue import load_catalogue
from kiosk.cli import main
from tests.support import make_app, move_clock, production_env, set_clock


def _names(html: str, list_id: str) -> list[str]:
    start = html.index(f'id="{list_id}"')
    return re.findall(r'class="procedure-list__link" href="[^"]+">([^<]+)</a>', html[start:html.index("</ul>", start)])


def _tiles(html: str) -> list[str]:
    start = html.index('aria-labelledby="most-used-title"')
    section = html[start:html.index("</section>", start)]
    return [name.strip() for name in re.findall(r'<span class="action__title">([^<]+)</span>', section)]


def test_catalogue_opens_with_the_most_used_procedures_above_the_full_list(client):
    html = client.get("/procedures").get_data(as_text=True)
    assert _tiles(html)[:4] == ["Đăng ký khai sinh", "Đăng ký kết hôn", "Cấp Giấy xác nhận tình trạng hôn nhân",
                                "Chứng thực bản sao từ bản chính"]
    assert html.index("Thủ tục hay dùng nhất") < html.index('id="results"')
    assert len(_names(html, "results")) == len(load_catalogue().procedures)  # the full list is still there, below


def test_no_tiles_above_search_results(client):
    html = client.get("/procedures?q=ket+hon").get_data(as_text=True)
    assert "Thủ tục hay dùng nhất" not in html and "most-used" not in html
    assert _names(html, "results")[0] == "Đăng ký kết hôn"
    assert "Đăng ký khai sinh" not in _names(html, "results")


def test_a_search_that_finds_nothing_says_so_and_offers_a_way_on(client):
    response = client.get("/procedures", query_string={"q": "zzzz qqqq"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Không tìm thấy thủ tục nào phù hợp với “zzzz qqqq”." in html
    assert "Có phải ông/bà muốn tìm" not in html  # nothing looks like it: no made-up suggestions
    assert _names(html, "most-used")[:2] == ["Đăng ký khai sinh", "Đăng ký kết hôn"]
    assert 'id="results"' not in html


def test_a_near_miss_offers_the_closest_procedures(client):
    html = client.get("/procedures", query_string={"q": "khaisinn"}).get_data(as_text=True)
    assert "Không tìm thấy thủ tục nào" in html
    assert "Có phải ông/bà muốn tìm…" in html
    assert "Đăng ký khai sinh" in _names(html, "suggestions")[:2]  # beside its re-registration
    assert "Đổi giấy phép lái xe" not in _names(html, "suggestions")


def test_nothing_in_the_chosen_field_offers_the_matches_in_other_fields(client):
    html = client.get("/procedures", query_string={"q": "khai sinh", "field": "construction"}).get_data(as_text=True)
    assert "Không có thủ tục nào thuộc lĩnh vực Xây dựng phù hợp với “khai sinh”." in html
    assert "Đăng ký khai sinh" in _names(html, "suggestions")[:2]  # beside its re-registration


def test_a_huge_query_is_answered(client):
    assert client.get("/procedures", query_string={"q": "khai sinh " * 2000}).status_code == 200


def test_a_guide_changes_the_tiles_with_a_command(tmp_path, monkeypatch, time_machine):
    production_env(monkeypatch, tmp_path)
    runner = CliRunner()
    shown = runner.invoke(main, ["catalogue", "featured"])
    assert shown.exit_code == 0 and "1. khai-sinh" in shown.output
    changed = runner.invoke(main, ["catalogue", "featured", "khai-tu", "doi-giay-phep-lai-xe"])
    assert changed.exit_code == 0, changed.output
    assert "1. khai-tu" in changed.output and "2. doi-giay-phep-lai-xe" in changed.output
    assert "khai-sinh" not in changed.output
    client = make_app(tmp_path).test_client()
    assert _tiles(client.get("/procedures").get_data(as_text=True)) == ["Đăng ký khai tử", "Đổi giấy phép lái xe"]

    wrong = runner.invoke(main, ["catalogue", "featured", "khai-tu", "no-such-thing"])
    assert wrong.exit_code != 0 and "no-such-thing" in wrong.output
    assert _tiles(client.get("/procedures").get_data(as_text=True))[0] == "Đăng ký khai tử"  # unchanged

    reset = runner.invoke(main, ["catalogue", "featured", "--reset"])
    assert reset.exit_code == 0 and "1. khai-sinh" in reset.output
    move_clock(time_machine, 2)  # the running kiosk looks at the file once a second
    assert _tiles(client.get("/procedures").get_data(as_text=True))[0] == "Đăng ký khai sinh"


def test_a_featured_code_the_catalogue_lost_is_left_out(tmp_path, client, app, time_machine):
    from pathlib import Path

    (Path(app.instance_path) / "featured.yaml").write_text("- gone-procedure\n- ket-hon\n", encoding="utf-8")
    assert _tiles(client.get("/procedures").get_data(as_text=True)) == ["Đăng ký kết hôn"]
    (Path(app.instance_path) / "featured.yaml").write_text("{not: a list}\n", encoding="utf-8")
    move_clock(time_machine, 2)
    assert _tiles(client.get("/procedures").get_data(as_text=True))[0] == "Đăng ký khai sinh"


def test_the_running_kiosk_looks_at_the_featured_file_once_a_second(client, app, time_machine):
    """A page served from memory makes no system call of its own (kiosk/catalogue/featured.py): a guide's
    edit of the tiles shows within a second, not at the very next request."""
    from datetime import datetime, timedelta
    from pathlib import Path

    looked = datetime(2026, 12, 1, 2, 0)
    set_clock(time_machine, looked)
    assert _tiles(client.get("/procedures").get_data(as_text=True))[0] == "Đăng ký khai sinh"
    (Path(app.instance_path) / "featured.yaml").write_text("- ket-hon\n", encoding="utf-8")
    set_clock(time_machine, looked + timedelta(seconds=0.9))
    assert _tiles(client.get("/procedures").get_data(as_text=True))[0] == "Đăng ký khai sinh"
    set_clock(time_machine, looked + timedelta(seconds=1))
    assert _tiles(client.get("/procedures").get_data(as_text=True)) == ["Đăng ký kết hôn"]


def test_the_page_rendered_once_still_follows_the_language_the_words_and_the_field(client, app):
    """The catalogue's page is rendered once per language, words and field (kiosk/fragments.py): each of
    them must still change what is shown."""
    vietnamese = client.get("/procedures").get_data(as_text=True)
    assert "Đăng ký khai sinh" in _names(vietnamese, "results") and "Birth registration" not in vietnamese
    client.get("/lang/en")
    english = client.get("/procedures").get_data(as_text=True)
    assert "Birth registration" in _names(english, "results") and "Đăng ký khai sinh" not in _names(english, "results")
    client.get("/lang/vi")
    assert client.get("/procedures").get_data(as_text=True) == vietnamese  # the same page, from the table
    marriage = _names(client.get("/procedures?q=ket+hon").get_data(as_text=True), "results")
    death = _names(client.get("/procedures?q=khai+tu").get_data(as_text=True), "results")
    assert marriage[0] == "Đăng ký kết hôn" and death[0] == "Đăng ký khai tử" and marriage != death
    civil = _names(client.get("/procedures?field=civil_status").get_data(as_text=True), "results")
    assert "Đăng ký khai sinh" in civil and "Đổi giấy phép lái xe" not in civil


def test_the_table_of_rendered_parts_keeps_only_the_latest():
    from kiosk.fragments import Fragments

    parts = Fragments(kept=2)
    made = []

    def make(text):
        return lambda: made.append(text) or f"<p>{text}</p>"

    assert parts.render(("a",), make("a")) == "<p>a</p>"
    assert parts.render(("a",), make("a again")) == "<p>a</p>" and made == ["a"]  # rendered once
    parts.render(("b",), make("b"))
    parts.render(("c",), make("c"))
    assert len(parts) == 2
    parts.render(("a",), make("a"))
    assert made == ["a", "b", "c", "a"]  # the oldest was dropped, so it is rendered again


def _templates_rendered(app, ask) -> list[str]:
    from flask import template_rendered

    rendered = []

    def record(_sender, template, context, **_extra):
        rendered.append(template.name)

    with template_rendered.connected_to(record, app):
        ask()
    return rendered


def test_the_pages_strangers_open_first_are_rendered_once_per_language(client, app):
    """The start page and the catalogue are the same for everybody the kiosk does not know yet
    (kiosk/fragments.same_for_strangers): rendered once, then served from the table. A procedure's page is
    not: its start button's form signs a token into the visitor's session."""
    for path in ("/", "/procedures"):
        first = client.get(path)
        again = _templates_rendered(app, lambda path=path: client.get(path))
        assert again == [] and client.get(path).data == first.data, path
    assert _templates_rendered(app, lambda: client.get("/procedures?q=ket+hon")) == ["resident/procedures.html"]
    client.get("/procedures/khai-sinh")
    assert _templates_rendered(app, lambda: client.get("/procedures/khai-sinh")) == ["resident/procedure.html"]
    client.get("/lang/en")  # a session holding only the language: still a stranger, in English
    assert "Birth registration" in client.get("/procedures").get_data(as_text=True)
    assert _templates_rendered(app, lambda: client.get("/procedures")) == []


def test_nobody_is_served_a_page_made_for_somebody_else(client, app):
    from tests.support import sign_in, start

    with app.app_context():
        from kiosk.auth.services import create_user

        create_user("lan", "correct horse battery", "Trần Thị Lan")
    strangers = client.get("/procedures").get_data(as_text=True)
    assert "data-keepalive-url" not in strangers and "csrf-token" not in strangers
    resident = app.test_client()
    start(resident)  # a visit begun: the page keeps it alive and may post
    visiting = resident.get("/procedures").get_data(as_text=True)
    assert "data-keepalive-url" in visiting and 'name="csrf-token"' in visiting
    guide = app.test_client()
    sign_in(guide)
    assert "Trần Thị Lan" in guide.get("/procedures").get_data(as_text=True)
    # …and what they were shown was not kept for the next stranger
    assert client.get("/procedures").get_data(as_text=True) == strangers
    assert "Trần Thị Lan" not in app.test_client().get("/procedures").get_data(as_text=True)


def test_a_flashed_message_and_a_signed_token_are_never_shared(client, app):
    strangers = client.get("/procedures").get_data(as_text=True)
    told = app.test_client()
    with told.session_transaction() as session:
        session["_flashes"] = [("message", "Phiên làm việc đã kết thúc.")]
    assert "Phiên làm việc đã kết thúc." in told.get("/procedures").get_data(as_text=True)
    assert client.get("/procedures").get_data(as_text=True) == strangers


def test_a_page_that_signed_a_token_for_its_visitor_is_not_kept(app):
    from flask_wtf.csrf import generate_csrf

    from kiosk.fragments import same_for_strangers

    app.add_url_rule("/signed-page", "signed_page", same_for_strangers(lambda: f"<p>{generate_csrf()}</p>"))
    first, second = app.test_client().get("/signed-page").data, app.test_client().get("/signed-page").data
    assert first != second  # each visitor's own token: the page that signed one was not kept
