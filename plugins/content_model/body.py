"""What the content model reads from an article's rendered body, in one pass.

Scanning every body takes longer than the rest of the model on a warm
rebuild, so `KeptBodies` keeps each body's facts between builds under a
sha256 of the HTML and of this module's code (clinic.kept_results): an
unchanged body is not parsed again, and a changed one, or changed code,
never gets stale facts.
"""

import sys
from dataclasses import dataclass
from html.parser import HTMLParser

from clinic import kept_results

# The headings a table of contents lists: h2 sections and their h3 parts.
_SECTION_LEVELS = {"h2": 2, "h3": 3}


@dataclass(frozen=True)
class Heading:
    """A section heading of the body: its level (2 or 3), id and text."""

    level: int
    id: str
    text: str


@dataclass
class BodyFacts:
    """The external links (text, url) in order, the number of words, the headings."""

    links: list
    words: int
    headings: list

    def kept(self):
        """The facts as JSON can hold them."""
        return [self.links, self.words, [[h.level, h.id, h.text] for h in self.headings]]

    @classmethod
    def from_kept(cls, value):
        """Facts from what kept() gave; TypeError or ValueError if it is not that."""
        links, words, headings = value
        if not isinstance(words, int):
            raise TypeError(f"not a word count: {words!r}")
        return cls([(str(text), str(url)) for text, url in links], words,
                   [Heading(int(level), str(anchor), str(text)) for level, anchor, text in headings])


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.words = 0
        self._href = None
        self._text = []
        self.headings = []
        self._heading = None
        self._in_permalink = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in _SECTION_LEVELS and attributes.get("id"):
            self._heading = (_SECTION_LEVELS[tag], attributes["id"], [])
        if tag == "a":
            # The toc extension's "#" permalink is not part of a heading's text.
            self._in_permalink = attributes.get("class") == "headerlink"
            href = attributes.get("href") or ""
            if href.startswith(("https://", "http://")):
                self._href, self._text = href, []

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_permalink = False
        if tag in _SECTION_LEVELS and self._heading:
            level, anchor, text = self._heading
            self.headings.append(Heading(level, anchor, " ".join("".join(text).split())))
            self._heading = None
        if tag == "a" and self._href:
            if self._href not in (url for _, url in self.links):
                self.links.append((" ".join("".join(self._text).split()) or self._href, self._href))
            self._href = None

    def handle_data(self, data):
        self.words += len(data.split())
        if self._heading and not self._in_permalink:
            self._heading[2].append(data)
        if self._href:
            self._text.append(data)


def read(html):
    """Scan rendered HTML for its external links, word count and section headings."""
    scanner = _Scanner()
    scanner.feed(html or "")
    scanner.close()
    return BodyFacts(scanner.links, scanner.words, scanner.headings)


class KeptBodies:
    """`read`, reusing the facts an earlier build found in the same HTML."""

    FILE_NAME = "bodies.json"

    def __init__(self, path, load):
        """path: the results file (None keeps nothing); load: whether to read it."""
        code = kept_results.code_fingerprint([sys.modules[__name__]], [])
        self._results = kept_results.KeptResults(path, code, load)

    def read(self, html):
        """The facts of `html`, as read() finds them."""
        key = kept_results.key(html or "")
        stored = self._results.recall(key)
        if stored is not None:
            try:
                return BodyFacts.from_kept(stored)
            except (TypeError, ValueError):
                pass
        facts = read(html)
        self._results.remember(key, facts.kept())
        return facts

    def save(self):
        """Keep this build's facts for the next one."""
        self._results.save("content_model")
