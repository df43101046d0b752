"""The theme's stylesheet, scripts and icons have names that change with their bytes.

A reader's browser may then keep them for a year without asking again, and
the `_headers` file tells it so, while pages and feeds are checked again
within minutes.
"""

import hashlib
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

import sitebuild

HASHED = re.compile(r"^theme/.+\.([0-9a-f]{12})\.[a-z0-9]+$")
# Each one is what a page loads from the theme, under its source name.
SOURCE_NAMES = (
    "theme/css/style.css", "theme/js/share.js", "theme/js/search.js",
    "theme/images/favicon-32.png", "theme/images/logo.svg", "theme/images/apple-touch-icon.png",
)
LONG = "public, max-age=31536000, immutable"


def theme_urls(page):
    """The site-relative addresses of the theme files a page loads."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = [tag.get("href") for tag in soup.find_all("link")]
    found += [tag.get("src") for tag in soup.find_all(["script", "img"])]
    paths = [urlsplit(url).path.lstrip("/") for url in found if url]
    return [path for path in paths if path.startswith("theme/")]


def test_every_page_loads_theme_files_by_the_hash_of_their_bytes(fixture_build):
    pages = sorted(fixture_build.output.rglob("*.html"))
    seen = set()
    for page in pages:
        for path in theme_urls(page):
            if path == "theme/images/logo.png":
                continue  # the publisher's logo in structured data keeps one address
            match = HASHED.match(path)
            assert match, f"{page}: {path} has no content hash in its name"
            served = (fixture_build.output / path).read_bytes()
            assert hashlib.sha256(served).hexdigest()[:12] == match.group(1), path
            seen.add(re.sub(r"\.[0-9a-f]{12}\.", ".", path))
    assert seen >= {"theme/css/style.css", "theme/js/share.js", "theme/js/search.js"}


def test_the_unhashed_names_are_neither_referenced_nor_published(fixture_build):
    for path in SOURCE_NAMES:
        assert not (fixture_build.output / path).exists(), path
    for page in fixture_build.output.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for path in SOURCE_NAMES:
            assert path not in text, f"{page} names {path}"


def test_changing_the_stylesheet_changes_its_name(fixture_build, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(sitebuild.ROOT / "theme", theme)
    with (theme / "static/css/style.css").open("a", encoding="utf-8") as css:
        css.write("\n.changed { color: inherit; }\n")
    site = sitebuild.make_site(tmp_path / "site")
    changed = sitebuild.build(site, extra=("-t", str(theme)))
    assert changed.returncode == 0, changed.stderr

    def stylesheet(build):
        return next(p for p in theme_urls(build.output / "index.html") if p.endswith(".css"))

    before, after = stylesheet(fixture_build), stylesheet(changed)
    assert before != after
    assert (changed.output / after).read_bytes().endswith(b".changed { color: inherit; }\n")
    # The scripts did not change, so neither did their names.
    assert sorted(changed.output.glob("theme/js/*.js")) != []
    assert {p.name for p in changed.output.glob("theme/js/*.js")} == {
        p.name for p in fixture_build.output.glob("theme/js/*.js")}


def test_a_rebuild_after_a_change_leaves_no_stale_copy(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(sitebuild.ROOT / "theme", theme)
    site = sitebuild.make_site(tmp_path / "site")
    assert sitebuild.build(site, extra=("-t", str(theme))).returncode == 0
    with (theme / "static/css/style.css").open("a", encoding="utf-8") as css:
        css.write("\n.changed { color: inherit; }\n")
    again = sitebuild.build(site, extra=("-t", str(theme)))
    assert again.returncode == 0, again.stderr
    assert len(list(again.output.glob("theme/css/*.css"))) == 1


def matching_rules(headers_file, url_path):
    """The header lines of each `_headers` rule that matches one address, in the file's order.

    A rule is an exact path, or a prefix ending in * (all this file uses).
    """
    rules, lines = [], None
    for line in Path(headers_file).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith((" ", "\t")):
            rule = line.strip()
            applies = url_path.startswith(rule[:-1]) if rule.endswith("*") else url_path == rule
            lines = [] if applies else None
            if applies:
                rules.append(lines)
        elif lines is not None:
            lines.append(line.strip())
    return rules


def cache_control_cloudflare(headers_file, url_path):
    """What Cloudflare Pages sends: every matching rule's values joined; "! Name" drops what came before."""
    values = []
    for lines in matching_rules(headers_file, url_path):
        for line in lines:
            if line.replace(" ", "").lower() == "!cache-control":
                values = []
            name, _, value = line.partition(":")
            if name.strip().lower() == "cache-control":
                values.append(value.strip())
    return ", ".join(values)


def cache_control_netlify(headers_file, url_path):
    """What Netlify sends: lines without a colon are skipped, and the last matching rule's value wins."""
    value = None
    for lines in matching_rules(headers_file, url_path):
        for line in lines:
            name, colon, found = line.partition(":")
            if colon and name.strip().lower() == "cache-control":
                value = found.strip()
    return value


HOSTS = (cache_control_cloudflare, cache_control_netlify)


def test_headers_keep_hashed_files_a_year_and_pages_a_few_minutes(fixture_build):
    headers_file = fixture_build.output / "_headers"
    hashed = [p.relative_to(fixture_build.output).as_posix()
              for p in (fixture_build.output / "theme").rglob("*") if p.is_file()]
    hashed = [p for p in hashed if HASHED.match(p)]
    assert len(hashed) == len(SOURCE_NAMES)
    for path in hashed:
        for host in HOSTS:
            assert host(headers_file, "/" + path) == LONG, (host.__name__, path)
    myth = next((fixture_build.output / "myths").glob("*/index.html")).parent.name
    short = ["/", "/index.html", f"/myths/{myth}/", "/feeds/all.atom.xml", "/search/", "/sitemap.xml",
             "/pagefind/pagefind.js", "/theme/feed.xsl", "/theme/images/logo.png"]
    for path in short:
        for host in HOSTS:
            value = host(headers_file, path)
            assert value and "immutable" not in value and value.count("max-age") == 1, (host.__name__, path, value)
            assert int(re.search(r"max-age=(\d+)", value).group(1)) <= 600, path
