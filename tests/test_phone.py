"""Reading on a phone: the sample site in Debian's headless Chromium at
375×812, the screen of a common phone.

Positions are measured with getBoundingClientRect() from the top of the
page, as a reader scrolls it. The screenshots of a myth and a story at
375×812 are kept in tests/artifacts/ (ignored by git) for a person to look at.
"""

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

import sitebuild

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# What answers the reader's question, per kind: it must be on the first screen.
ANSWER = {
    "myth": (".article-header h1", ".claim .verdict"),
    "news": (".article-header h1", ".news-source"),
    "story": (".article-header h1", ".consent-note"),
    "question": (".article-header h1", ".question blockquote"),
}
FOLDERS = {"myth": "myths", "news": "news", "story": "patient-stories", "question": "questions"}


@pytest.fixture(scope="module")
def articles(sample_build):
    """The first article of each kind, by address, as test_accessibility.py picks them."""
    out = sample_build.output
    chosen = {}
    for kind, folder in FOLDERS.items():
        found = sorted((out / folder).glob("*/index.html"))
        assert found, folder
        chosen[kind] = "/" + found[0].parent.relative_to(out).as_posix() + "/"
    return chosen


@pytest.fixture
def phone(browser):
    """A page in a 375×812 phone viewport."""
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def box(page, selector):
    """(top, bottom) of the first element matching `selector`, in CSS pixels from the page's top."""
    found = page.evaluate(
        """selector => {
            const element = document.querySelector(selector);
            if (!element) return null;
            const box = element.getBoundingClientRect();
            return [box.top + window.scrollY, box.bottom + window.scrollY];
        }""",
        selector,
    )
    assert found is not None, f"nothing matches {selector}"
    return found


@pytest.mark.parametrize("kind", ANSWER)
def test_the_answer_is_on_the_first_screen_and_the_review_follows(phone, sample_server, articles, kind):
    phone.goto(sample_server + articles[kind])
    positions = {selector: box(phone, selector) for selector in (*ANSWER[kind], ".review-box")}
    print(f"{kind} at 375x812: {positions}")
    for selector in ANSWER[kind]:
        assert positions[selector][1] <= PHONE["height"], (selector, positions)
    assert positions[".review-box"][0] >= positions[ANSWER[kind][-1]][1], positions
    if kind in ("myth", "story"):
        ARTIFACTS.mkdir(exist_ok=True)
        phone.screenshot(path=ARTIFACTS / f"{kind}-375x812.png")


def line_starts(page, selector):
    """The left edge of every line of text in an element, in CSS pixels."""
    return page.evaluate(
        """selector => {
            // One left edge per line: the leftmost of the text boxes on it.
            const lines = new Map();
            const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const range = document.createRange();
                range.selectNodeContents(node);
                for (const r of range.getClientRects()) {
                    if (r.width === 0) continue;
                    const top = Math.round(r.top);
                    lines.set(top, Math.min(lines.get(top) ?? Infinity, Math.round(r.left)));
                }
            }
            return [...lines.values()];
        }""",
        selector,
    )


def test_the_review_box_wraps_in_line(phone, sample_server, articles):
    phone.goto(sample_server + articles["myth"])
    starts = line_starts(phone, ".review-box")
    assert len(starts) >= 3, starts  # it wraps at 375 px
    assert len(set(starts)) == 1, starts


def header_height(page):
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


@pytest.mark.parametrize("scripts", (True, False), ids=("with JavaScript", "without JavaScript"))
def test_the_header_is_one_row_with_a_menu_that_opens(browser, sample_server, articles, scripts):
    context = browser.new_context(viewport=PHONE, java_script_enabled=scripts)
    page = context.new_page()
    page.goto(sample_server + articles["myth"])
    height = header_height(page)
    brand, menu = box(page, ".brand"), box(page, ".site-menu summary")
    print(f"header at 375 px: {height:.0f} px")
    assert height <= 72 and menu[0] < brand[1], (height, brand, menu)
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Myths").is_hidden()
    page.get_by_text("Menu", exact=True).click()
    assert nav.get_by_role("link", name="Myths").is_visible()
    nav.get_by_role("link", name="Myths").click()
    page.wait_for_url("**/myths/")
    # 200% text, as a reader who set a larger default font size sees it.
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    print(f"header at 375 px, 200% text: {header_height(page):.0f} px")
    assert header_height(page) <= 220
    context.close()


def test_the_menu_is_open_on_a_wide_screen(browser, sample_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(sample_server + "/")
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Myths").is_visible()
    assert page.locator(".site-menu summary").is_hidden()
    context.close()


# What the phone's own share sheet receives, recorded: headless Chromium on
# Linux has no share sheet, so the page is given one that writes down its calls.
SHARE_SHEET = "navigator.share = data => { window.shared = data; return Promise.resolve(); };"


def test_sharing_is_copy_link_and_the_phones_share_sheet(browser, sample_server, articles):
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(SHARE_SHEET)
    page = context.new_page()
    elsewhere = []
    page.on("request", lambda r: None if r.url.startswith(sample_server) else elsewhere.append(r.url))
    page.goto(sample_server + articles["myth"])
    bar = page.locator(".share-bar")
    height = bar.bounding_box()["height"]
    print(f"share bar at 375 px: {height:.0f} px")
    assert height <= 180
    visible = [bar.locator("a, button, summary").nth(i) for i in range(bar.locator("a, button, summary").count())]
    shown = [c.inner_text() for c in visible if c.is_visible()]
    assert shown == ["Share…", "Copy link", "More ways to share"], shown
    bar.get_by_role("button", name="Share…").click()
    shared = page.evaluate("window.shared")
    assert shared["url"] == sample_server + articles["myth"] and shared["title"]
    bar.get_by_text("More ways to share").click()
    assert bar.get_by_role("link", name="Share by Email").is_visible()
    assert elsewhere == []
    context.close()


def test_without_javascript_the_plain_share_links_show(browser, sample_server, articles):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_server + articles["myth"])
    bar = page.locator(".share-bar")
    assert bar.get_by_role("link", name="Share on WhatsApp").is_visible()
    assert bar.get_by_role("button").count() == 0
    context.close()


def mark_opacity(page, selector):
    """How visible the "#" drawn after a heading's link is (CSS opacity)."""
    return page.evaluate("s => getComputedStyle(document.querySelector(s), '::after').opacity", selector)


def test_heading_links_show_on_hover_and_focus_and_keep_the_name_plain(phone, sample_server, articles):
    phone.goto(sample_server + articles["myth"])
    headings = phone.locator(".article-body h2[id]")
    assert headings.count() >= 2
    for i in range(headings.count()):
        heading = headings.nth(i)
        anchor = heading.get_attribute("id")
        if anchor == "footnotes-heading":
            continue
        words = heading.inner_text().strip()
        assert "#" not in words
        snapshot = heading.aria_snapshot()
        assert snapshot.splitlines()[0].startswith(f'- heading "{words}"'), snapshot
        assert heading.locator(f"a[href='#{anchor}']").count() == 1
    first = f".article-body h2[id='{headings.first.get_attribute('id')}'] a"
    assert mark_opacity(phone, first) == "0"
    phone.hover(first)
    assert mark_opacity(phone, first) == "1"
    phone.mouse.move(0, 0)
    phone.focus(first)
    phone.keyboard.press("Shift+Tab")
    phone.keyboard.press("Tab")
    assert mark_opacity(phone, first) == "1"


def test_the_home_page_opens_on_an_article(phone, sample_server):
    phone.goto(sample_server + "/")
    height = phone.evaluate("document.documentElement.scrollHeight")
    print(f"home page at 375 px: {height} px tall")
    assert box(phone, ".latest .card-title")[1] <= PHONE["height"]
    assert height <= 4000


def delayed(route):
    """Serve a file half a second late, as a slow phone network does."""
    time.sleep(0.5)
    route.continue_()


LAYOUT_SHIFTS = """window.shifted = 0;
new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.shifted += entry.value;
}).observe({type: "layout-shift", buffered: true});"""


def test_the_search_form_appears_without_moving_the_page(browser, sample_server):
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(LAYOUT_SHIFTS)
    page = context.new_page()
    page.route("**/search*.js", delayed)
    page.goto(sample_server + "/search/")
    page.get_by_label("Words to search for").wait_for()
    page.wait_for_timeout(500)
    shifted = page.evaluate("window.shifted")
    print(f"search page layout shift at 375 px: {shifted:.3f}")
    assert shifted < 0.01
    context.close()


def test_search_controls_are_styled_and_excerpts_start_at_a_word(phone, sample_server, sample_build):
    phone.goto(sample_server + "/search/?q=pressure")
    phone.locator("#search-results li").first.wait_for()
    button = phone.get_by_role("button", name="Search")
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == phone.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    field = phone.get_by_label("Words to search for")
    assert field.evaluate("f => getComputedStyle(f).borderRadius") == button.evaluate(
        "b => getComputedStyle(b).borderRadius") != "0px"
    excerpts = phone.locator("#search-results li p")
    assert excerpts.count() >= 2
    for i in range(excerpts.count()):
        excerpt = excerpts.nth(i).inner_text()
        url = excerpts.nth(i).locator("xpath=..").locator("a").first.get_attribute("href")
        body = (sample_build.output / url.strip("/") / "index.html").read_text(encoding="utf-8")
        first = re.match(r"…?\s*(\w+)", excerpt)
        assert first and re.search(rf"\b{re.escape(first.group(1))}\b", body), excerpt
        # Mid-sentence, the excerpt says so with "…".
        assert excerpt[0] == "…" or not excerpt[0].islower(), excerpt


@pytest.fixture(scope="module")
def check_report(tmp_path_factory):
    """reports/check.html as `make check` writes it for the check fixture (errors and warnings)."""
    folder = tmp_path_factory.mktemp("check-report")
    shutil.copytree(sitebuild.ROOT / "tests/fixtures/check/content", folder / "content")
    report = folder / "check.html"
    subprocess.run(["make", "--no-print-directory", "-C", str(sitebuild.ROOT), "check",
                    f"CONTENT={folder / 'content'}", f"REPORT={report}"], capture_output=True, check=False)
    assert report.is_file()
    return report


def test_the_check_report_reads_on_a_phone(phone, check_report):
    phone.goto(check_report.as_uri())
    assert phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    widths = phone.evaluate("""[...document.querySelectorAll('table.problems td:nth-child(4)')]
        .map(cell => cell.getBoundingClientRect().width)""")
    assert widths and min(widths) >= 250, widths
    # Each cell says which column it is in, once the columns are stacked.
    label = phone.evaluate("getComputedStyle(document.querySelector('table.problems td:nth-child(4)'), '::before').content")
    assert label == '"What is wrong"', label
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=ARTIFACTS / "check-report-375.png", full_page=True)


def test_the_permission_note_wraps_in_line(phone, sample_server, articles):
    phone.goto(sample_server + articles["story"])
    starts = line_starts(phone, ".consent-note")
    assert len(starts) >= 2 and len(set(starts)) == 1, starts
