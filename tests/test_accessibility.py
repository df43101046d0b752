"""The theme in a real browser (Debian's headless Chromium through Playwright).

axe-core's WCAG 2.2 A/AA rules on the pages the issue names, at phone and
desktop widths; no sideways scrolling from 320 px; no request to any host but
the site; dark mode, print, reduced motion, the keyboard and reading without
JavaScript. Screenshots of every audited page are written under the test
run's temporary folder, whose path is printed, so a person can look at them.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AUDITED_WIDTHS = (375, 1280)
NARROWEST = 320
FOCUS_YELLOW = "rgb(255, 221, 0)"


@pytest.fixture(scope="module")
def pages(sample_build):
    """Home, one article of each kind, a category, a clinician and the 404 page."""
    out = sample_build.output

    def first(folder):
        found = sorted((out / folder).glob("*/index.html"))
        assert found, folder
        return "/" + found[0].parent.relative_to(out).as_posix() + "/"

    return {
        "home": "/",
        "myth": first("myths"),
        "news": first("news"),
        "story": first("patient-stories"),
        "question": first("questions"),
        "category": "/myths/",
        "clinician": first("clinicians"),
        "404": "/404.html",
    }


@pytest.fixture
def screenshots(tmp_path_factory, capsys):
    """The folder the screenshots go to; its path is printed, once, for a person."""
    folder = tmp_path_factory.getbasetemp() / "screenshots"
    if not folder.exists():
        folder.mkdir()
        with capsys.disabled():
            print(f"\nScreenshots of the theme: {folder}")
    return folder


def audit(page, label):
    """axe-core's WCAG 2.2 A/AA violations on the page, one line each."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{label}: {v['id']} ({v['impact']}) {v['help']}: " + ", ".join(str(n["target"]) for n in v["nodes"][:4])
        for v in results.response["violations"]
    ]


def sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("width", (NARROWEST, *AUDITED_WIDTHS))
def test_pages_pass_axe_fit_the_width_and_load_nothing_from_elsewhere(
    browser, sample_server, pages, screenshots, width
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    problems = []
    for name, path in pages.items():
        page.goto(sample_server + path)
        label = f"{name} ({path}) at {width}px"
        if width in AUDITED_WIDTHS:
            problems += audit(page, label)
        if sideways_scroll(page) > 0:
            problems.append(f"{label}: scrolls sideways by {sideways_scroll(page)}px")
        page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)
    context.close()
    assert not problems, "\n".join(problems)
    assert requested and not [url for url in requested if not url.startswith(sample_server + "/")]


def test_dark_mode_keeps_its_contrast(browser, sample_server, pages, screenshots):
    context = browser.new_context(viewport={"width": 375, "height": 900}, color_scheme="dark")
    page = context.new_page()
    problems = []
    for name in ("home", "myth", "story"):
        page.goto(sample_server + pages[name])
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(20, 25, 29)"
        problems += audit(page, f"{name} in dark mode")
        page.screenshot(path=screenshots / f"{name}-375-dark.png", full_page=True)
    context.close()
    assert not problems, "\n".join(problems)


def test_the_printout_shows_the_address_and_the_review_dates(browser, sample_server, pages, screenshots):
    page = browser.new_page()
    page.goto(sample_server + pages["myth"])
    page.emulate_media(media="print")
    assert page.locator(".print-url").is_visible()
    assert page.locator(".print-url").inner_text().endswith(pages["myth"])
    assert page.locator(".review-box .review-dates").is_visible()
    assert "Next review due" in page.locator(".review-box").inner_text()
    for hidden in (".site-nav", ".breadcrumb", ".related", ".pager"):
        assert not page.locator(hidden).is_visible(), hidden
    page.pdf(path=screenshots / "myth-print.pdf")
    page.emulate_media(media="screen")
    assert not page.locator(".print-url").is_visible()
    page.close()


@pytest.mark.parametrize("motion, scrolling", [("reduce", "auto"), ("no-preference", "smooth")])
def test_smooth_scrolling_only_for_readers_who_allow_motion(browser, sample_server, motion, scrolling):
    context = browser.new_context(reduced_motion=motion)
    page = context.new_page()
    page.goto(sample_server + "/")
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == scrolling
    context.close()


def test_the_keyboard_reaches_a_visible_skip_link_first(browser, sample_server, pages):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(sample_server + pages["question"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] >= 24 and box["width"] >= 24
    assert page.evaluate("getComputedStyle(document.activeElement).backgroundColor") == FOCUS_YELLOW
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    assert page.evaluate("getComputedStyle(document.activeElement).backgroundColor") == FOCUS_YELLOW
    page.close()


def test_articles_read_in_full_without_javascript(browser, sample_server, pages):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for name in ("myth", "news", "story", "question"):
        page.goto(sample_server + pages[name])
        for part in (".byline", ".review-box", ".article-body", ".standing-notice"):
            assert page.locator(part).is_visible(), (name, part)
        assert len(page.locator(".article-body").inner_text()) > 1000, name
    context.close()
