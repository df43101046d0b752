"""What the content model reads from an article's rendered body, in one pass."""

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass
class BodyFacts:
    """The external links (text, url) in order, and the number of words."""

    links: list
    words: int


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.words = 0
        self._href = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith(("https://", "http://")):
                self._href, self._text = href, []

    def handle_endtag(self, tag):
        if tag == "a" and self._href:
            if self._href not in (url for _, url in self.links):
                self.links.append((" ".join("".join(self._text).split()) or self._href, self._href))
            self._href = None

    def handle_data(self, data):
        self.words += len(data.split())
        if self._href:
            self._text.append(data)


def read(html):
    """Scan rendered HTML for its external links and its word count."""
    scanner = _Scanner()
    scanner.feed(html or "")
    scanner.close()
    return BodyFacts(scanner.links, scanner.words)
