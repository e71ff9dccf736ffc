"""In Chromium: the catalogue opens with large tiles of the most used procedures; no search ends on an empty page."""

from playwright.sync_api import expect


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_catalogue_opens_with_tiles_of_the_most_used(page, live_app, screenshot):
    page.set_viewport_size({"width": 1080, "height": 1920})
    page.goto(live_app.config["LIVE_URL"] + "/procedures")
    tiles = page.locator(".most-used .action")
    expect(tiles.first).to_have_text("Đăng ký khai sinh")
    first, listed = tiles.first.bounding_box(), page.locator("#results").bounding_box()
    assert first["y"] < listed["y"] and first["height"] >= 80  # large, and above the full list
    screenshot("31-catalogue-tiles")
    tiles.nth(1).click()
    expect(page.locator("h1")).to_have_text("Đăng ký kết hôn")


def test_a_search_that_finds_nothing_offers_a_way_on(page, live_app, screenshot):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(live_app.config["LIVE_URL"] + "/procedures")
    page.fill("#q", "khaisinn")
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_role("status")).to_contain_text("Không tìm thấy thủ tục nào phù hợp với “khaisinn”")
    expect(page.get_by_text("Có phải ông/bà muốn tìm…")).to_be_visible()
    expect(page.locator("#suggestions")).to_contain_text("Đăng ký khai sinh")  # beside its re-registration
    expect(page.locator("#most-used .procedure-list__link").first).to_be_visible()
    assert _no_sideways_scroll(page)
    screenshot("32-search-nothing-found")
    page.fill("#q", "lam giay khai sinh cho con")
    page.get_by_role("button", name="Tìm").click()
    expect(page.locator("#results .procedure-list__link").first).to_have_text("Đăng ký khai sinh")
    screenshot("33-search-sentence")
