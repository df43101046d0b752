"""One way from article HTML to text (clinic.text), the same on every surface.

A summary's words reach feeds, the page's share tags and structured data as
text. Inline markup inside a word must not split it, and a line break
between two sentences must not glue them together, wherever the text goes.
"""

import json

import lxml.html
import pytest

import sitebuild

SITE = "https://blog.elmcreekclinic.example"
# A summary with emphasis inside a word and a line break between sentences.
SUMMARY = "Sleep is un*usual*ly important.<br>Rest and fluids help."
SHOWN = "Sleep is unusually important. Rest and fluids help."
SLUG = "flu-vaccine-clinics-open-for-the-2026-season"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture site, its news article's summary carrying inline markup and a <br>, published."""
    site = sitebuild.make_site(tmp_path_factory.mktemp("text"))
    article = site / "content" / "news" / "flu-clinics.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "Summary: Walk-in flu vaccine clinics start this week.", f"Summary: {SUMMARY}"), encoding="utf-8")
    result = sitebuild.build(site, settings="publishconf.py")
    assert result.returncode == 0, result.stderr
    return result


def test_json_feed_summary_reads_as_the_page_shows_it(built):
    feed = json.loads(built.page("feeds/all.json"))
    item = next(item for item in feed["items"] if item["url"].endswith(f"/news/{SLUG}/"))
    assert item["summary"] == SHOWN


def test_share_tags_and_structured_data_read_the_summary_alike(built):
    page = lxml.html.fromstring(built.page(f"news/{SLUG}/index.html"))
    assert page.xpath('string(//meta[@name="description"]/@content)') == SHOWN
    assert page.xpath('string(//meta[@property="og:description"]/@content)') == SHOWN
    data = [json.loads(script.text) for script in page.xpath('//script[@type="application/ld+json"]')]
    webpage = next(item for item in data if item["@type"] == "WebPage")
    assert webpage["description"] == SHOWN


@pytest.mark.parametrize("html, shown", [
    ("<p>Rest</p><p>Fluids</p>", "Rest Fluids"),
    ("<ul><li>Rest</li><li>Fluids</li></ul>", "Rest Fluids"),
    ("un<em>usual</em>ly <strong>Note</strong>: x", "unusually Note: x"),
    ("BP &lt;120/80&gt; is <120/80> &amp; fine", "BP <120/80> is <120/80> & fine"),
    ("10\u00a0mg \n\t twice<!-- no --><script>x()</script>", "10 mg twice"),
    ("&#39;quoted&#39; &nbsp;x AT&T &notanentity;", "'quoted' x AT&T \u00acanentity;"),
    ("&#150; \x0cform\u2003feed", "\u2013 form feed"),
    ("<p>a</p>tail<script>s()</script>after <!-- note -->end", "a tailafter end"),
    ("lone \ud800 surrogate <b>x</b>", "lone surrogate x"),
    ("  plain   words  ", "plain words"),
    ("", ""),
])
def test_text_of_html(html, shown):
    from clinic import text

    assert text.text(html) == shown


class Named:
    """Like Pelican's tags and categories: text only through str()."""

    def __init__(self, name):
        self.name = name

    def __str__(self):
        return self.name


def test_text_reads_objects_by_their_text():
    from clinic import text

    assert text.text(None) == ""
    assert text.text(Named("colds  and\nflu")) == "colds and flu"
    assert text.text(Named("colds &amp; flu")) == "colds & flu"


def test_text_deep_inside_nested_markup_is_read():
    # libxml2 stops reading 256 elements deep unless told otherwise; the
    # privacy scan reads summaries through text(), so text that deep must
    # still be seen (the sanitiser's first pass reads as deep).
    from clinic.text import text

    nested = "<span>" * 300 + "call 555 0100" + "</span>" * 300
    assert text(f"<p>Before {nested} after</p>") == "Before call 555 0100 after"
