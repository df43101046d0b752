"""Site search: the Pagefind index holds exactly what is published, and the
search page finds articles in a real headless Chromium."""

import gzip
import json
import os
import pty
import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

import sitebuild

FIXTURE_ARTICLES = {
    "/myths/cold-weather-gives-you-a-cold/": "Myths",
    "/news/flu-vaccine-clinics-open-for-the-2026-season/": "News",
    "/patient-stories/walking-again-after-knee-surgery/": "Patient Stories",
    "/questions/can-i-take-ibuprofen-while-breastfeeding/": "Questions",
}
UNPUBLISHED_WORD = "zanzibarquokka"
# Colours and cursor moves that Pelican's console adds on a terminal.
ANSI_CODES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

MYTH = """Title: {title}
Slug: {slug}
Date: 2026-02-01 09:00
Category: Myths
{extra}Authors: Ana Ruiz
Summary: A myth for the search tests.
Reviewed_by: Ben Cole
Reviewed_on: 2026-01-30
Claim: Something about {word}
Verdict: False

About {word}. See [the CDC](https://www.cdc.gov/).
"""

# Consent covers social posts and feeds, not the site.
OFF_WEB_STORY = """Title: A story kept off the web
Slug: off-web
Date: 2026-03-02 09:00
Category: Patient Stories
Authors: Ana Ruiz
Summary: A story whose patient did not agree to the web.
Reviewed_by: Ben Cole
Reviewed_on: 2026-03-01
Consent: CR-2026-099
Consent_date: 2026-02-20
Consent_expires: 2029-02-20
Consent_scope: social, feeds
Results_typical: yes

M. walked again after {word}.
"""


def fixture_pages():
    """The URLs of the fixture's published pages, from their Slug headers."""
    urls = set()
    for path in (sitebuild.FIXTURE / "content/pages").glob("*.md"):
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        if re.search(r"(?mi)^status: *(hidden|draft)", header):
            continue
        slug = re.search(r"(?m)^Slug: *(\S+)", header)
        assert slug, f"{path.name} needs a Slug header for this test"
        urls.add(f"/{slug.group(1)}/")
    return urls


def expected(build_pages):
    """{url: filters} of what the index must hold: the fixture's articles and pages."""
    return {**{url: {"kind": [kind]} for url, kind in FIXTURE_ARTICLES.items()},
            **{url: {} for url in build_pages}}


def bundle(build):
    """What output/pagefind holds: {url: fragment} decoded from Pagefind's files."""
    directory = build.output / "pagefind"
    fragments = {}
    for path in (directory / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        fragment = json.loads(data[len(b"pagefind_dcd"):])
        assert fragment["url"] not in fragments
        fragments[fragment["url"]] = fragment
    entry = json.loads((directory / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"]
    assert entry["languages"]["en"]["page_count"] == len(fragments)
    return fragments


@pytest.fixture(scope="module")
def varied_build(tmp_path_factory):
    """The fixture plus a draft, a hidden page, a withdrawn myth and a story kept
    off the web, each holding a word no published page has; built twice, the
    second time after deleting a myth, so the first index is replaced."""
    site = sitebuild.make_site(tmp_path_factory.mktemp("search-varied"))
    word = UNPUBLISHED_WORD
    sitebuild.write(site, "myths/draft.md",
                    MYTH.format(title="A draft", slug="draft", extra="Status: draft\n", word=word))
    sitebuild.write(site, "myths/broken.md", MYTH.format(title="A broken myth", slug="broken", extra="", word=word)
                    .replace("Reviewed_by: Ben Cole\n", ""))
    sitebuild.write(site, "pages/hidden.md", f"Title: Staff notes\nStatus: hidden\n\n{word}\n")
    sitebuild.write(site, "stories/off-web.md", OFF_WEB_STORY.format(word=word))
    later = sitebuild.write(site, "myths/later.md",
                            MYTH.format(title="Deleted later", slug="later", extra="", word="x"))
    first = sitebuild.build(site)
    assert first.returncode == 0, first.stderr
    assert "/myths/later/" in bundle(first)
    later.unlink()
    result = sitebuild.build(site)
    assert result.returncode == 0, result.stderr
    return result


def test_index_holds_exactly_the_published_articles_and_pages(varied_build):
    fragments = bundle(varied_build)
    wanted = expected(fixture_pages())
    assert {url: fragment["filters"] for url, fragment in fragments.items()} == wanted
    for fragment in fragments.values():
        assert UNPUBLISHED_WORD not in fragment["content"].lower()
        assert UNPUBLISHED_WORD not in json.dumps(fragment["meta"]).lower()
    # Pagefind names its files by content: a rebuilt index leaves no old ones.
    assert len(list((varied_build.output / "pagefind/fragment").iterdir())) == len(fragments)


def test_records_hold_the_title_and_the_words_of_the_article(fixture_build):
    myth = bundle(fixture_build)["/myths/cold-weather-gives-you-a-cold/"]
    assert myth["meta"]["title"] == "Cold weather gives you a cold"
    for words in ("Going out in the cold gives you a cold", "Colds are caused by viruses such as rhinoviruses."):
        assert words in myth["content"]


def test_publish_builds_are_indexed_too(fixture_publish_build):
    assert set(bundle(fixture_publish_build)) == set(expected(fixture_pages()))


def test_search_page_is_self_hosted_and_works_without_javascript(sample_build):
    page = BeautifulSoup(sample_build.page("search/index.html"), "html.parser")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assets = [tag.get("src") or tag.get("href") for tag in page.select("script[src], link[rel=stylesheet]")]
    assert "/pagefind/pagefind-ui.js" in assets and "/pagefind/pagefind-ui.css" in assets
    for asset in assets:
        assert asset.startswith("/") and not asset.startswith("//"), asset
        assert (sample_build.output / asset.lstrip("/")).is_file(), asset
    links = {a.get_text(): a["href"] for a in page.select(".browse-kinds a")}
    assert links == {"Myths": "/myths/", "News": "/news/", "Patient Stories": "/patient-stories/",
                     "Questions": "/questions/"}
    for href in links.values():
        assert (sample_build.output / href.lstrip("/") / "index.html").is_file()


def test_progress_is_shown_on_a_terminal_only(fixture_build, tmp_path):
    assert "Search index" not in fixture_build.stderr + fixture_build.stdout
    site = sitebuild.make_site(tmp_path)
    command = [sys.executable, "-m", "pelican", "content", "-o", "output",
               "-s", str(sitebuild.ROOT / "pelicanconf.py"), "--cache-path", str(tmp_path / "cache")]
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    controller, terminal = pty.openpty()
    process = subprocess.Popen(command, cwd=site, stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal, env=env)
    os.close(terminal)
    seen = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closes when the build ends
            break
        if not chunk:
            break
        seen += chunk
    os.close(controller)
    shown = ANSI_CODES.sub("", seen.decode(errors="replace"))
    assert process.wait() == 0, shown
    total = len(expected(fixture_pages()))
    assert f"Search index: {total}/{total}" in shown


@pytest.mark.browser
def test_search_finds_articles_in_the_browser(browser, sample_server):
    from playwright.sync_api import expect

    page = browser.new_page()
    foreign, errors = [], []
    page.on("request", lambda request: None if request.url.startswith(sample_server) else foreign.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A Content-Security-Policy that blocks Pagefind shows up as console errors.
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{sample_server}/search/")
    page.get_by_role("textbox").fill("tylenol")
    result = page.locator(".pagefind-ui__result-link")
    expect(result.first).to_have_text("Can I take ibuprofen and acetaminophen together?")
    assert result.first.get_attribute("href") == "/questions/ibuprofen-and-acetaminophen-together/"

    page.get_by_role("textbox").fill("flu")
    expect(page.locator(".pagefind-ui__result-link[href^='/news/']").first).to_be_visible()
    page.get_by_label("Myths").check()
    expect(page.locator(".pagefind-ui__result-link:not([href^='/myths/'])")).to_have_count(0)
    expect(page.locator(".pagefind-ui__result-link[href='/myths/antibiotics-cure-the-flu/']")).to_be_visible()

    page.locator(".pagefind-ui__result-link[href='/myths/antibiotics-cure-the-flu/']").click()
    expect(page.locator("h1")).to_have_text("Antibiotics cure the flu")
    assert not foreign and not errors, (foreign, errors)
    page.close()


@pytest.mark.browser
def test_search_page_without_javascript_lists_the_kinds(browser, sample_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sample_server}/search/")
    assert page.locator(".pagefind-ui__search-input").count() == 0
    links = page.locator(".browse-kinds a")
    assert links.all_inner_texts() == ["Myths", "News", "Patient Stories", "Questions"]
    links.first.click()
    assert page.locator("h1").inner_text() == "Myths"
    context.close()
