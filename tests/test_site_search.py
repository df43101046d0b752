"""Site search: the Pagefind index holds exactly what is published, and the
search page finds articles in a real headless Chromium."""

import gzip
import json
import os
import pty
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import sitebuild
from site_search.bundle_cache import BundleCache

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
Fact: The truth about {word}
Claim: Something about {word}
Verdict: False

About {word}. See [the CDC](https://www.cdc.gov/).
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
    """{url: kind} of what the index must hold: the fixture's articles, and pages (no kind)."""
    return {**FIXTURE_ARTICLES, **{url: None for url in build_pages}}


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
    sitebuild.write(site, "stories/off-web.md",
                    sitebuild.OFF_WEB_STORY.format(slug="off-web", body=f"M. walked again after {word}."))
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
    assert {url: fragment["meta"].get("kind") for url, fragment in fragments.items()} == wanted
    # The kind is metadata, not a Pagefind filter: Pagefind 1.5.2 writes filter
    # files in a different order on every run, so no two publishes would match.
    assert all(fragment["filters"] == {} for fragment in fragments.values())
    assert not (varied_build.output / "pagefind/filter").exists()
    for fragment in fragments.values():
        assert UNPUBLISHED_WORD not in fragment["content"].lower()
        assert UNPUBLISHED_WORD not in json.dumps(fragment["meta"]).lower()
    # Pagefind names its files by content: a rebuilt index leaves no old ones.
    assert len(list((varied_build.output / "pagefind/fragment").iterdir())) == len(fragments)


def test_records_hold_the_title_and_the_words_of_the_article(fixture_build):
    myth = bundle(fixture_build)["/myths/cold-weather-gives-you-a-cold/"]
    assert myth["meta"]["title"] == "Colds come from viruses, not from the cold"  # the fact leads
    for words in ("Going out in the cold gives you a cold", "Colds are caused by viruses such as rhinoviruses."):
        assert words in myth["content"]


def test_publish_builds_are_indexed_too(fixture_publish_build):
    assert set(bundle(fixture_publish_build)) == set(expected(fixture_pages()))


def test_search_page_is_self_hosted_and_works_without_javascript(sample_build):
    page = BeautifulSoup(sample_build.page("search/index.html"), "html.parser")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    # The policy allows no inline script; JSON-LD is data, never run.
    assert not [tag for tag in page.select("script:not([src])") if tag.get("type") != "application/ld+json"]
    form = page.select_one("form#search[role=search]")
    assert form.has_attr("hidden"), "the form must stay hidden until search.js shows it"
    assert form.select_one("label[for=search-words]").get_text(strip=True)
    assert form.select_one("input#search-words")["type"] == "search"
    kinds = {box["value"]: box.parent.get_text(strip=True) for box in form.select("fieldset input[type=checkbox]")}
    assert kinds == {kind: kind for kind in ("Myths", "News", "Patient Stories", "Questions")}
    assets = [tag.get("src") or tag.get("href") for tag in page.select("script[src], link[rel=stylesheet]")]
    assert [asset for asset in assets if re.fullmatch(r"/theme/js/search\.[0-9a-f]{12}\.js", asset)]
    assets.append(form["data-pagefind"])
    assert form["data-pagefind"] == "/pagefind/pagefind.js"
    assert not [asset for asset in assets if "pagefind-ui" in asset], "the stock Pagefind UI is not used"
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
def test_search_finds_articles_and_filters_them_by_kind(browser, sample_server):
    from playwright.sync_api import expect

    page = browser.new_page()
    foreign, errors = [], []
    page.on("request", lambda request: None if request.url.startswith(sample_server) else foreign.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A Content-Security-Policy that blocks Pagefind shows up as console errors.
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{sample_server}/search/")
    words = page.get_by_label("Words to search for")
    results = page.locator("#search-results > li")
    status = page.get_by_role("status")

    words.fill("tylenol")
    expect(results.get_by_role("link")).to_have_text(["Can I take ibuprofen and acetaminophen together?"])
    assert results.first.get_by_role("link").get_attribute("href") == "/questions/ibuprofen-and-acetaminophen-together/"
    expect(results.first).to_contain_text("Patient question")
    expect(status).to_have_text("1 result for \u201ctylenol\u201d.")
    # The excerpt keeps Pagefind's highlighting of the words found, and no other markup.
    expect(results.first.locator("p mark").first).to_be_visible()
    assert set(results.locator("p *").evaluate_all("nodes => nodes.map(node => node.tagName)")) == {"MARK"}
    assert page.url.endswith("/search/?q=tylenol")

    words.fill("flu")
    expect(results.locator("a[href^='/news/']").first).to_be_visible()
    # The kinds are reached with Tab from the search box, and ticked with Space.
    words.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Myths")).to_be_focused()
    page.keyboard.press("Space")
    expect(status).to_have_text(re.compile(r"^\d+ results? for \u201cflu\u201d in Myths\.$"))
    expect(results.locator("a:not([href^='/myths/'])")).to_have_count(0)
    expect(results.locator("a[href='/myths/antibiotics-do-not-treat-the-flu-which-is-a-virus/']")).to_be_visible()
    assert status.inner_text().startswith(f"{results.count()} result")

    page.get_by_label("Myths").uncheck()
    expect(results.locator("a[href^='/news/']").first).to_be_visible()
    results.locator("a[href='/myths/antibiotics-do-not-treat-the-flu-which-is-a-virus/']").click()
    expect(page.locator("h1")).to_have_text("Antibiotics do not treat the flu, which is a virus")
    assert not foreign and not errors, (foreign, errors)
    page.close()


@pytest.mark.browser
def test_a_link_with_q_searches_and_the_page_passes_axe(browser, sample_server):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(f"{sample_server}/search/?q=flu")
    expect(page.get_by_label("Words to search for")).to_have_value("flu")
    expect(page.locator("#search-results a[href='/myths/antibiotics-do-not-treat-the-flu-which-is-a-virus/']")).to_be_visible()
    page.get_by_label("Myths").check()
    expect(page.get_by_role("status")).to_contain_text("in Myths")
    # WCAG 2.2's 2.5.8: every control is at least 24 by 24 CSS pixels.
    for control in ("Myths", "News", "Patient Stories", "Questions", "Words to search for"):
        box = page.get_by_label(control).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (control, box)
    found = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag22aa"]}})
    assert not found.response["violations"], found.generate_report()
    page.close()


@pytest.mark.browser
def test_search_page_without_javascript_lists_the_kinds(browser, sample_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sample_server}/search/")
    assert not page.locator("form#search").is_visible()
    assert page.get_by_role("searchbox").count() == 0
    links = page.locator(".browse-kinds a")
    assert links.all_inner_texts() == ["Myths", "News", "Patient Stories", "Questions"]
    links.first.click()
    assert page.locator("h1").inner_text() == "Myths"
    context.close()


def test_two_index_builds_of_the_same_site_are_byte_identical(sample_build, tmp_path):
    # Another folder, another cache, and no cached index: Pagefind runs again.
    site = sitebuild.make_site(tmp_path, sitebuild.ROOT / "content")
    again = sitebuild.build(site, extra=("--ignore-cache",))
    assert again.returncode == 0, again.stderr
    first, second = files(sample_build.output / "pagefind"), files(again.output / "pagefind")
    assert first and sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


# --- The index cache: Pagefind runs only when what it indexes has changed -------

INDEX_CACHE = ".cache/search-index"  # under the --cache-path sitebuild.build gives
REUSED = "Search index: {} pages unchanged, reused the cached bundle"
INDEXED = "Search index: Pagefind indexed {} pages"
MYTH_FILE = "myths/cold-weather.md"
MYTH_URL = "/myths/cold-weather-gives-you-a-cold/"
NEW_WORD = "quokkasnowfall"


def files(folder):
    """{relative path: bytes} of every file under `folder`."""
    folder = Path(folder)
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def cached_digests(site):
    """The digest folders in the site's index cache."""
    return sorted(path.name for path in (site / INDEX_CACHE).iterdir() if not path.name.startswith("."))


@pytest.fixture(scope="module")
def indexed_site(tmp_path_factory):
    """The fixture site built once: its output, index cache and content cache."""
    site = sitebuild.make_site(tmp_path_factory.mktemp("search-cache"))
    result = sitebuild.build(site)
    assert result.returncode == 0, result.stderr
    assert len(cached_digests(site)) == 1
    return site


@pytest.fixture
def site(indexed_site, tmp_path):
    """A copy of the built fixture site, caches included, for one test to change."""
    copy = tmp_path / "site"
    shutil.copytree(indexed_site, copy, symlinks=True)
    return copy


def stand_in_for_pagefind(tmp_path, monkeypatch, script):
    """Make the builds below run the shell `script` instead of Pagefind.

    `python -m pagefind` runs the binary named by PAGEFIND_BINARY_PATH. In
    `script`, {pagefind} is the real binary, for a script that hands over to it.
    """
    from pagefind.service import get_executable

    stand_in = tmp_path / "pagefind-stand-in"
    stand_in.write_text("#!/bin/sh\n" + script.format(pagefind=get_executable()), encoding="utf-8")
    stand_in.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(stand_in))


@pytest.fixture
def pagefind_runs(tmp_path, monkeypatch):
    """Puts a recorder in front of the Pagefind binary; returns the file it writes to on each run.

    Log lines are kept unwrapped for the messages checked.
    """
    runs = tmp_path / "pagefind-runs"
    stand_in_for_pagefind(tmp_path, monkeypatch, f'echo run >> "{runs}"\nexec "{{pagefind}}" "$@"\n')
    monkeypatch.setenv("COLUMNS", "400")
    return runs


def test_an_unchanged_site_reuses_the_index_without_running_pagefind(site, pagefind_runs):
    before = files(site / "output/pagefind")
    digests = cached_digests(site)
    # What the output holds is replaced: a lingering file goes, a damaged one is mended.
    (site / "output/pagefind/fragment/en_lingering.pf_fragment").write_bytes(b"old")
    (site / "output/pagefind/pagefind-entry.json").write_text("{}", encoding="utf-8")
    result = sitebuild.build(site, extra=("-v",))
    assert result.returncode == 0, result.stderr
    assert not pagefind_runs.exists(), "Pagefind ran although nothing it indexes changed"
    assert REUSED.format(len(expected(fixture_pages()))) in result.stdout + result.stderr
    assert files(site / "output/pagefind") == before
    assert cached_digests(site) == digests
    assert not list(site.glob("output/**/manifest.json"))


def test_an_edited_article_is_indexed_again(site, pagefind_runs):
    digests = cached_digests(site)
    myth = site / "content" / MYTH_FILE
    myth.write_text(myth.read_text(encoding="utf-8") + f"\nA {NEW_WORD} is not a virus.\n", encoding="utf-8")
    result = sitebuild.build(site, extra=("-v",))
    assert result.returncode == 0, result.stderr
    assert pagefind_runs.read_text().split() == ["run"]
    assert INDEXED.format(len(expected(fixture_pages()))) in result.stdout + result.stderr
    assert f"A {NEW_WORD} is not a virus." in bundle(result)[MYTH_URL]["content"]
    assert set(bundle(result)) == set(expected(fixture_pages()))
    # The bundle before the edit is kept too, as the one before the latest.
    assert len(cached_digests(site)) == 2 and set(digests) < set(cached_digests(site))


def test_ignore_cache_indexes_again(site, pagefind_runs):
    result = sitebuild.build(site, extra=("--ignore-cache", "-v"))
    assert result.returncode == 0, result.stderr
    assert pagefind_runs.read_text().split() == ["run"]
    assert INDEXED.format(len(expected(fixture_pages()))) in result.stdout + result.stderr
    assert set(bundle(result)) == set(expected(fixture_pages()))


def test_an_incomplete_cached_bundle_is_built_again(site, pagefind_runs):
    [digest] = cached_digests(site)
    fragments = site / INDEX_CACHE / digest / "bundle" / "fragment"
    next(fragments.iterdir()).write_bytes(b"")
    result = sitebuild.build(site)
    assert result.returncode == 0, result.stderr
    assert pagefind_runs.read_text().split() == ["run"]
    assert set(bundle(result)) == set(expected(fixture_pages()))
    assert cached_digests(site) == [digest]


def test_a_build_killed_while_indexing_leaves_no_half_bundle(site, tmp_path, monkeypatch):
    myth = site / "content" / MYTH_FILE
    myth.write_text(myth.read_text(encoding="utf-8") + f"\nA {NEW_WORD}.\n", encoding="utf-8")
    # Pagefind writes part of a bundle, then the build is killed (SIGKILL).
    stand_in_for_pagefind(tmp_path, monkeypatch,
                          'while [ $# -gt 0 ]; do [ "$1" = --output-path ] && out="$2"; shift; done\n'
                          'mkdir -p "$out/fragment" && echo "{{" > "$out/pagefind-entry.json"\n'
                          "kill -9 $PPID\n")
    killed = sitebuild.build(site)
    assert killed.returncode == -9
    assert len(cached_digests(site)) == 1, "the killed build's bundle must not be cached"
    assert list((site / INDEX_CACHE).glob(".tmp-*/bundle/pagefind-entry.json")), "the half bundle was written elsewhere"

    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    result = sitebuild.build(site)
    assert result.returncode == 0, result.stderr
    assert NEW_WORD in bundle(result)[MYTH_URL]["content"]
    assert not list((site / INDEX_CACHE).glob(".tmp-*")), "the killed build's temporary folder is left"


def test_the_index_cache_can_be_moved_but_not_into_the_output(site, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")
    inside = sitebuild.build(site, extra=("-e", 'SEARCH_INDEX_CACHE="output/search-cache"'))
    assert inside.returncode != 0
    assert "is inside the output folder, where it would be published" in inside.stdout + inside.stderr
    assert not (site / "output/search-cache").exists()

    moved = sitebuild.build(site, extra=("-e", 'SEARCH_INDEX_CACHE="search-cache"'))
    assert moved.returncode == 0, moved.stderr
    assert sorted(path.name for path in (site / "search-cache").iterdir()
                  if not path.name.startswith(".")) == cached_digests(site)


def test_the_cache_keeps_the_latest_two_complete_bundles(tmp_path):
    cache = BundleCache(tmp_path / "cache")

    for number, digest in enumerate(("a1", "b2", "c3")):
        work = cache.begin()
        (work / "bundle").mkdir()
        (work / "bundle" / "pagefind-entry.json").write_text(f"bundle {number}", encoding="utf-8")
        (work / "documents").mkdir()
        bundle_dir = cache.complete(work, digest)
        assert not work.exists() and not (bundle_dir.parent / "documents").exists()
        os.utime(bundle_dir.parent, (number, number))
    assert sorted(path.name for path in (tmp_path / "cache").iterdir()) == ["b2", "c3"]
    assert cache.find("a1") is None
    assert (cache.find("b2") / "pagefind-entry.json").read_text(encoding="utf-8") == "bundle 1"
    (cache.find("c3") / "pagefind-entry.json").write_text("bundle", encoding="utf-8")
    assert cache.find("c3") is None, "a bundle whose files changed size must not be reused"


def test_pagefind_runs_while_the_pages_are_written(site, tmp_path, monkeypatch):
    """Pagefind is started once the content is read and waited for at the end of the build."""
    order = tmp_path / "order"
    stand_in_for_pagefind(tmp_path, monkeypatch, f'echo pagefind >> "{order}"\nexec "{{pagefind}}" "$@"\n')
    # With -D Pelican logs each file it writes, and the plugin when Pagefind starts.
    result = sitebuild.build(site, extra=("--ignore-cache", "-D"))
    assert result.returncode == 0, result.stderr
    assert order.read_text().split() == ["pagefind"]
    log = result.stdout + result.stderr
    started = log.index("Pagefind started on")
    assert "Writing" in log[started:], "no page was written after Pagefind started"
    assert log.index("Pagefind indexed") > log.rindex("Writing")


def test_an_abandoned_index_stops_pagefind_and_leaves_no_work_folder(tmp_path, monkeypatch):
    from site_search import pagefind_index, records

    stand_in_for_pagefind(tmp_path, monkeypatch, "exec sleep 60\n")
    cache = BundleCache(tmp_path / "cache")
    record = records.Record("a/index.html", "A title", (), "<p>Words</p>", None)
    indexing = pagefind_index.start([record], "en", cache, reuse=False)
    assert list((tmp_path / "cache").glob(".tmp-*/documents/a/index.html"))
    indexing.abandon()
    assert list((tmp_path / "cache").iterdir()) == []


def eventually(check, seconds=60):
    """Wait until `check()` is true; it may raise while a bundle is being copied."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, ValueError, KeyError, AssertionError):
            pass
        time.sleep(0.1)
    pytest.fail(f"not true after {seconds} s: {check.__doc__ or check}")


def edit_myth(site, word):
    """Add a sentence holding `word` to the myth's body."""
    myth = site / "content" / MYTH_FILE
    myth.write_text(myth.read_text(encoding="utf-8").replace(
        "Being cold does not infect you.", f"Being cold does not infect you. A {word} neither."), encoding="utf-8")


def indexed_myth(build):
    """The myth's words as the search index in the build's output holds them."""
    return bundle(build)[MYTH_URL]["content"]


def test_a_devserver_build_leaves_pagefinds_input_and_does_not_run_it(site, tmp_path, pagefind_runs):
    """SEARCH_INDEX_LATER: the pages first; Pagefind runs when the devserver asks (site_search.later)."""
    from site_search import later

    folder = tmp_path / "later"
    edit_myth(site, NEW_WORD)
    result = sitebuild.build(site, extra=("-e", f"SEARCH_INDEX_LATER={json.dumps(str(folder))}"))
    assert result.returncode == 0, result.stderr
    assert not pagefind_runs.exists(), "the build ran Pagefind"
    assert NEW_WORD not in indexed_myth(result)

    pending = later.start(folder)
    while pending.running():
        time.sleep(0.05)
    pending.finish()
    assert NEW_WORD in indexed_myth(result)
    assert set(bundle(result)) == set(expected(fixture_pages()))
    assert later.start(folder) is None, "an index is made once"
    # The next build finds its index in the cache, and leaves nothing to do.
    again = sitebuild.build(site, extra=("-e", f"SEARCH_INDEX_LATER={json.dumps(str(folder))}"))
    assert again.returncode == 0, again.stderr
    assert later.start(folder) is None
    assert NEW_WORD in indexed_myth(again)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_devserver(site, port):
    """`make devserver` for `site` on `port`, in its own process group."""
    return subprocess.Popen(
        ["make", "--no-print-directory", "-C", str(sitebuild.ROOT), "devserver", f"CONTENT={site / 'content'}",
         f"PREVIEWDIR={site / 'output'}", f"PORT={port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def page_holds(port, path, word):
    """True when the devserver serves `path` with `word` in it."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
        return word in response.read().decode("utf-8")


def test_the_devserver_indexes_each_edit_after_the_page_is_served(site):
    edited = BuildView(site)
    port = free_port()
    process = start_devserver(site, port)
    try:
        eventually(lambda: page_holds(port, MYTH_URL, "Being cold does not infect you."), seconds=120)
        edit_myth(site, NEW_WORD)
        eventually(lambda: page_holds(port, MYTH_URL, NEW_WORD), seconds=120)
        eventually(lambda: NEW_WORD in indexed_myth(edited), seconds=120)
        assert set(bundle(edited)) == set(expected(fixture_pages()))
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


def test_the_devserver_stops_its_pagefind_for_the_next_edit_and_when_it_stops(site, tmp_path, monkeypatch):
    pids = tmp_path / "pagefind-pids"
    stand_in_for_pagefind(tmp_path, monkeypatch, f'echo $$ >> "{pids}"\nexec sleep 60\n')
    port = free_port()
    edit_myth(site, "wombatdrizzle")
    process = start_devserver(site, port)
    try:
        eventually(lambda: pids.exists(), seconds=120)
        first = int(pids.read_text(encoding="utf-8").split()[0])
        edit_myth(site, NEW_WORD)
        eventually(lambda: page_holds(port, MYTH_URL, NEW_WORD), seconds=120)
        eventually(lambda: not running(first), seconds=10)
        eventually(lambda: len(pids.read_text(encoding="utf-8").split()) == 2, seconds=60)
        second = int(pids.read_text(encoding="utf-8").split()[1])
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)
    # Pagefind is the devserver's own child: it does not outlive it.
    eventually(lambda: not running(second), seconds=10)


def running(pid):
    """True while the process `pid` exists (and is not a zombie)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


class BuildView:
    """What bundle() and indexed_myth() read of a site the devserver builds."""

    def __init__(self, site):
        self.output = site / "output"
