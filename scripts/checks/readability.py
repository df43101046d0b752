"""How hard an article is to read: its Flesch–Kincaid grade (US school grade).

The grade is worked out by textstat 0.7.8, pinned because later versions
download language data at run time and this check must work offline. It is
measured on the prose readers read: paragraphs, list items and callouts. Code,
tables, footnotes and the Sources list are left out, since citations (author
lists, journal names) are not meant to be plain English. A list item without
a full stop still counts as a sentence of its own.
"""

import re

import textstat
from bs4 import BeautifulSoup

from clinic.problems import WARNING, Problem

from .where import at

# Patient material is written for US grade 6 to 8 (AMA and NIH guidance).
MAX_GRADE = 8
_BLOCKS = ("p", "li", "dd", "dt")
_LEFT_OUT = ("pre", "code", "table", "script", "style")
_SOURCES_HEADING = re.compile(r"^(sources|references|further reading)\b", re.IGNORECASE)
_SENTENCE_END = (".", "!", "?", ":", ";")
FIX = ('use shorter sentences and everyday words, e.g. "high blood pressure" for "hypertension"; '
       "aim for grade 8 or below")


def prose(html):
    """The article's readable text, one sentence or more per block."""
    soup = BeautifulSoup(html or "", "html.parser")
    for element in soup.select(", ".join(_LEFT_OUT) + ", .footnote, .toc, a.headerlink"):
        element.decompose()
    _drop_sources(soup)
    pieces = []
    for block in soup.find_all(_BLOCKS):
        text = " ".join(
            piece for piece in block.find_all(string=True)
            if piece.find_parent(_BLOCKS) is block
        )
        text = " ".join(text.split())
        if text:
            pieces.append(text if text.endswith(_SENTENCE_END) else text + ".")
    return " ".join(pieces)


def _drop_sources(soup):
    """Remove the Sources section: its heading and everything up to the next heading of that level."""
    for heading in soup.find_all(["h2", "h3"]):
        if not _SOURCES_HEADING.match(heading.get_text(" ", strip=True)):
            continue
        for sibling in list(heading.find_next_siblings()):
            if sibling.name in ("h1", "h2") or (sibling.name == heading.name):
                break
            sibling.decompose()
        heading.decompose()


def grade(html):
    """The Flesch–Kincaid grade of the article's prose, or None when it has none."""
    text = prose(html)
    if not textstat.lexicon_count(text):
        return None
    return round(textstat.flesch_kincaid_grade(text), 1)


def check(article, measured):
    """A warning when the article reads above grade 8."""
    if measured is None or measured <= MAX_GRADE:
        return []
    return [Problem(*at(article, "_body"), "readability",
                    f"reads at US school grade {measured:g}, above {MAX_GRADE}", FIX, WARNING)]
