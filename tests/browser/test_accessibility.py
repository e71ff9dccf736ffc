"""What the UX review (issue 15) found, as Chromium draws it: the focus is seen, the idle dialog keeps the
keyboard, the receipt's QR page reads on a phone, and the officer's overdue rows are legible."""
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from kiosk.auth.services import create_user
from kiosk.core.clock import local_today
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_resident_walk import fill_step
from tests.browser.test_staff_figures import sign_in
from tests.support import BIRTH, file_marital_status

YELLOW, DARK = "rgb(255, 221, 0)", "rgb(11, 12, 12)"

STYLE = """el => { const s = getComputedStyle(el);
  return {background: s.backgroundColor, color: s.color, shadow: s.boxShadow, outlineColor: s.outlineColor,
          outlineWidth: s.outlineWidth, outlineStyle: s.outlineStyle}; }"""


def _tab_to(page, selector, backwards=False, presses=60):
    """Tab (as a keyboard user does: the focus shows) until `selector` has the focus."""
    for _ in range(presses):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return page.locator("*:focus")
    raise AssertionError(f"Tab never reached {selector}")


def test_the_focus_shows_on_links_buttons_and_inputs_gov_uk_style(page, live_app):
    base = live_app.config["LIVE_URL"]
    page.goto(base + "/procedures")
    for selector in ("a.back-link", ".field-filter__item:not(.field-filter__item--current)", ".procedure-list__link"):
        style = _tab_to(page, selector).evaluate(STYLE)
        assert style["background"] == YELLOW and style["color"] == DARK, (selector, style)
        assert DARK in style["shadow"] and "4px" in style["shadow"], (selector, style)  # the thick dark underline
    style = _tab_to(page, "#q").evaluate(STYLE)
    assert (style["outlineColor"], style["outlineWidth"], style["outlineStyle"]) == (YELLOW, "3px", "solid"), style
    assert DARK in style["shadow"] and "inset" in style["shadow"], style  # a dark border inside the yellow
    style = _tab_to(page, ".search button").evaluate(STYLE)
    assert style["background"] == YELLOW and style["color"] == DARK and DARK in style["shadow"], style

    page.goto(base + "/")  # the green tiles turn yellow with dark text, not white on yellow
    tile = _tab_to(page, "a.action")
    assert tile.evaluate(STYLE)["background"] == YELLOW
    assert tile.locator(".action__title").evaluate("el => getComputedStyle(el).color") == DARK

    page.goto(base + "/procedures/khai-sinh")  # a radio: dark ring in a yellow halo
    page.get_by_role("button", name="Bắt đầu khai").click()
    style = _tab_to(page, 'input[name="child_sex"]').evaluate(STYLE)
    assert style["outlineColor"] == DARK and YELLOW in style["shadow"], style


def _start_birth(page, base):
    page.goto(base + "/procedures/khai-sinh")
    page.get_by_role("button", name="Bắt đầu khai").click()


def test_the_idle_dialog_keeps_the_keyboard_and_gives_the_focus_back(page, live_app, screenshot):
    base = live_app.config["LIVE_URL"]
    page.clock.install()
    _start_birth(page, base)
    page.fill("#child_full_name", "Nguyễn Thị Hồng Nhung")
    page.focus("#child_birth_place")
    page.clock.run_for(185_000)
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    expect(page.locator("#idle-continue")).to_be_focused()
    inside = "() => document.getElementById('idle-warning').contains(document.activeElement)"
    seen = set()
    for _ in range(5):  # round and round its two buttons, never out to the masthead behind
        page.keyboard.press("Tab")
        assert page.evaluate(inside)
        seen.add(page.evaluate("document.activeElement.textContent.trim()"))
    assert seen == {"Tiếp tục", "Bắt đầu lại"}
    for _ in range(5):
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(inside)
    screenshot("idle-warning-focus")
    page.keyboard.press("Escape")  # = continue
    expect(dialog).to_be_hidden()
    expect(page.locator("#child_birth_place")).to_be_focused()  # back where the resident was
    page.keyboard.type("Hà Nội")
    expect(page.locator("#child_birth_place")).to_have_value("Hà Nội")
    page.clock.run_for(100_000)  # the visit goes on: Escape reset the timers and told the server
    expect(page).to_have_url(re.compile(r"/apply/child$"))
    expect(page.locator("#child_full_name")).to_have_value("Nguyễn Thị Hồng Nhung")


@pytest.mark.parametrize("width", [360, 320])
def test_the_receipts_qr_page_reads_on_a_phone(page, live_app, width):
    base = live_app.config["LIVE_URL"]
    _start_birth(page, base)
    for values in BIRTH.values():
        fill_step(page, values)
    page.get_by_label(re.compile("Tôi cam đoan")).check()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    code = page.locator(".dossier-code").inner_text()
    with live_app.test_request_context():
        from kiosk.security.signing import lookup_url

        signed = urlsplit(lookup_url(code))
    phone = page.context.browser.new_page(viewport={"width": width, "height": 740}, is_mobile=True)
    phone.goto(f"{base}{signed.path}?{signed.query}")
    shown = phone.locator(".dossier-code")
    expect(shown).to_have_text(code)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The code breaks only at its hyphens: each part on one line, and it does take several lines here.
    parts = shown.locator(".code-part")
    expect(parts).to_have_count(4)  # 09556- 01- 261130- 0001-K
    tops = [part.evaluate("el => el.getClientRects().length") for part in parts.all()]
    assert tops == [1] * 4
    lines = {round(part.bounding_box()["y"]) for part in parts.all()}
    assert len(lines) > 1
    for part in parts.all():  # nothing cut off: every part inside the screen
        box = part.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    # Each label above its value on a narrow screen.
    for row in phone.locator(".facts > div").all():
        label, value = row.locator("dt").bounding_box(), row.locator("dd").bounding_box()
        assert label["y"] + label["height"] <= value["y"] + 1 and value["x"] + value["width"] <= width
    screenshot_phone(phone, f"lookup-phone-{width}")
    phone.close()


def screenshot_phone(phone, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# WCAG's contrast ratio, from the computed colours: the first opaque background up the tree.
CONTRAST = """root => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                                   .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
                                if (c.length === 3 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement, s = getComputedStyle(el);
    const [a, b] = [lum(rgb(s.color)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    out.push({text: node.textContent.trim(), ratio: Math.round(ratio * 100) / 100, needed: large ? 3 : 4.5});
  }
  return out;
}"""


def test_the_officers_overdue_rows_pass_colour_contrast(page, live_app, screenshot):
    base = live_app.config["LIVE_URL"]
    with live_app.app_context():
        create_user("hoa", "officer password 1", "Nguyễn Thị Hoa", "officer", "09556")
    client = live_app.test_client()
    codes = [file_marital_status(client).split("/")[2] for _ in range(2)]
    with live_app.app_context():
        late = db.session.scalar(select(Dossier).where(Dossier.code == codes[0]))
        late.due_on = local_today() - timedelta(days=3)
        soon = db.session.scalar(select(Dossier).where(Dossier.code == codes[1]))
        soon.due_on = local_today() + timedelta(days=1)
        db.session.commit()
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, base, "hoa", "officer password 1")
    expect(page).not_to_have_url(re.compile("sign-in"))
    page.goto(base + "/office/")
    for row_class, code in (("row--overdue", codes[0]), ("row--soon", codes[1])):
        row = page.locator(f"tr.{row_class}")
        expect(row).to_contain_text(code)
        texts = row.evaluate(CONTRAST)
        assert any(t["text"] == code for t in texts)
        low = [t for t in texts if t["ratio"] < t["needed"]]
        assert not low, f"{row_class}: text under WCAG AA contrast: {low}"
    screenshot("office-queue-overdue")
