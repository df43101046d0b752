"""Typography a reader gets: curly quotes and apostrophes, dashes and ellipses.

One article typed with straight quotes, double hyphens and three dots is
built into a real site; its page is read with lxml, as a reader's browser
shows it. Each paragraph is one case: the text after an abbreviation, an
emphasis, a link or a code span; quotes opening a paragraph; footnotes,
admonition titles, table cells, headings and the summary; and what must stay
as typed (code, addresses, escaped quotes).
"""

import lxml.html
import pytest

import sitebuild
from clinic.text import text

PAGE = "news/typography/index.html"
ARTICLE = """Title: Typography on the page, as in the '90s
Date: 2026-09-16 08:00
Category: News
Slug: typography
Authors: Ben Cole
Summary: "Quoted" summary -- it's typeset... like the body.
Reviewed_by: Ana Ruiz
Reviewed_on: 2026-09-14

"Quotes at the start of a paragraph," she said.

An *emphasised* word's apostrophe, **bold**'s too.

The BP's reading, "BP" in quotes and 'BP' in single quotes.

A [link "with quotes"](https://example.org/) and [it's](https://example.org/x) linked.

The 1990's and the '90s.

Dashes: 10--20 times, a -- b and a --- c.

Wait... and see.

Arrows x << y and y >> x stay as typed.

A code span `"code" -- ...` stays straight, and so does `code`'s span.

An address https://example.org/it's-a-page stays as typed.

Escaped \\"straight\\" quotes and \\'single\\' ones.

A footnote[^1] here.

A <em>raw</em>'s tag and <kbd>"Ctrl"</kbd> keys, "*emphasis*" and '**strong**'.

It ends.... Or . . . spaced.

"...and then" she said.

'...so' he said.

!!! note "An admonition's title -- quoted"
    Inside the "admonition" -- it's text.

| Column "A" | It's B |
|---|---|
| "cell" -- one | two's... |

## Heading's "quotes" -- here

Text under the heading.

[^1]: The "note" -- it's here.
"""
GLOSSARY = "BP: blood pressure\n"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    site = sitebuild.make_site(tmp_path_factory.mktemp("typography"))
    sitebuild.write(site, "news/typography.md", ARTICLE)
    sitebuild.write(site, "glossary.yml", GLOSSARY)
    build = sitebuild.build(site)
    assert build.returncode == 0, build.stderr
    return lxml.html.fromstring(build.page(PAGE))


def body_lines(page):
    """Each block of the article body as the reader sees it."""
    body = page.find_class("article-body")[0]
    return [text(lxml.html.tostring(block, encoding="unicode")) for block in body.iter("p", "td", "th", "h2", "li")]


@pytest.mark.parametrize("shown", [
    "\u201cQuotes at the start of a paragraph,\u201d she said.",
    "An emphasised word\u2019s apostrophe, bold\u2019s too.",
    "The BP\u2019s reading, \u201cBP\u201d in quotes and \u2018BP\u2019 in single quotes.",
    "A link \u201cwith quotes\u201d and it\u2019s linked.",
    "The 1990\u2019s and the \u201990s.",
    "Dashes: 10\u201320 times, a \u2013 b and a \u2014 c.",
    "Wait\u2026 and see.",
    "Arrows x << y and y >> x stay as typed.",
    'A code span "code" -- ... stays straight, and so does code\u2019s span.',
    "An address https://example.org/it's-a-page stays as typed.",
    "Escaped \"straight\" quotes and 'single' ones.",
    "An admonition\u2019s title \u2013 quoted",
    "Inside the \u201cadmonition\u201d \u2013 it\u2019s text.",
    "Column \u201cA\u201d", "It\u2019s B", "\u201ccell\u201d \u2013 one", "two\u2019s\u2026",
    "Heading\u2019s \u201cquotes\u201d \u2013 here",
    "A raw\u2019s tag and \u201cCtrl\u201d keys, \u201cemphasis\u201d and \u2018strong\u2019.",
])
def test_the_body_is_typeset_as_a_reader_expects(page, shown):
    assert shown in body_lines(page)


def test_a_quote_opening_a_paragraph_before_an_ellipsis_opens(page):
    # Markdown's smarty extension closed these: ”…and then”.
    lines = body_lines(page)
    assert "\u201c\u2026and then\u201d she said." in lines
    assert "\u2018\u2026so\u2019 he said." in lines


def test_four_dots_end_a_sentence_after_an_ellipsis_and_spaced_dots_are_one(page):
    # The smarty extension left both as typed.
    assert "It ends\u2026. Or \u2026 spaced." in body_lines(page)


def test_an_apostrophe_for_a_decade_in_a_header(page):
    # SmartyPants alone opens a quote after a space: \u201890s.
    assert page.find("body//h1").text_content().strip() == "Typography on the page, as in the \u201990s"


def test_abbreviations_footnotes_and_heading_ids_survive_typesetting(page):
    body = page.find_class("article-body")[0]
    assert [abbr.get("title") for abbr in body.iter("abbr")] == ["blood pressure"] * 3
    assert "A footnote1 here." in body_lines(page)
    footnote = text(lxml.html.tostring(body.find_class("footnote")[0], encoding="unicode"))
    assert "The \u201cnote\u201d \u2013 it\u2019s here." in footnote
    # The heading's address is made from its typeset text, as before.
    assert body.get_element_by_id("headings-quotes-here").text_content().startswith("Heading\u2019s")


def test_the_summary_is_typeset_like_the_body(page):
    summary = "\u201cQuoted\u201d summary \u2013 it\u2019s typeset\u2026 like the body."
    assert page.find_class("standfirst")[0].text_content().strip() == summary
    assert page.xpath("//meta[@name='description']/@content") == [summary]
