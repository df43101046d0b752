"""One article's Markdown never changes how the next one reads.

Each article of a real build defines what only it should see (an
abbreviation, footnotes, a reference link, a heading that takes an id) and
uses the other's: neither page may show the other's definitions, footnote
numbers start again at 1, and heading ids are not made unique across pages.
"""

import lxml.html
import pytest

import sitebuild
from clinic.text import text

HEADER = """Title: {title}
Date: 2026-09-1{day} 08:00
Category: News
Slug: {slug}
Authors: Ben Cole
Summary: {summary}
Reviewed_by: Ana Ruiz
Reviewed_on: 2026-09-14

"""
FIRST = HEADER.format(title="First", day=6, slug="first", summary="AAA and BBB in the first summary.") + """
AAA is defined here; BBB is not. A note[^1] and a [reference][ref].

## Same heading

*[AAA]: first abbreviation
[^1]: First note.
[ref]: https://example.org/first
"""
SECOND = HEADER.format(title="Second", day=7, slug="second", summary="AAA and BBB in the second summary.") + """
BBB is defined here; AAA is not. A note[^1] and a [reference][ref].

## Same heading

Source: [a second source](https://example.org/second).

*[BBB]: second abbreviation
[^1]: Second note.
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    site = sitebuild.make_site(tmp_path_factory.mktemp("reader-state"))
    sitebuild.write(site, "news/first.md", FIRST)
    sitebuild.write(site, "news/second.md", SECOND)
    build = sitebuild.build(site)
    assert build.returncode == 0, build.stderr
    return {slug: lxml.html.fromstring(build.page(f"news/{slug}/index.html")) for slug in ("first", "second")}


def test_an_article_shows_only_its_own_abbreviations(pages):
    for slug, own in (("first", "AAA"), ("second", "BBB")):
        body = pages[slug].find_class("article-body")[0]
        assert {abbr.text: abbr.get("title") for abbr in body.iter("abbr")} == {
            own: f"{slug} abbreviation"}, slug


def test_footnotes_references_and_heading_ids_start_again_in_each_article(pages):
    first, second = (pages[slug].find_class("article-body")[0] for slug in ("first", "second"))
    for body, note in ((first, "First note."), (second, "Second note.")):
        assert body.get_element_by_id("fn:1") is not None
        assert text(lxml.html.tostring(body.get_element_by_id("fn:1"), encoding="unicode")).startswith(note)
        assert body.get_element_by_id("same-heading") is not None
    assert [a.get("href") for a in first.iter("a") if a.text == "reference"] == ["https://example.org/first"]
    # The second never defined [ref]: it stays as typed.
    assert "A note1 and a [reference][ref]." in text(lxml.html.tostring(second, encoding="unicode"))
