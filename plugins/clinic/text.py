"""Article HTML as plain text: the one way every plugin turns HTML into words.

Feeds' plain-text summaries, share cards and their alt text, the pages'
meta descriptions, structured data and the privacy checks all need what a
reader sees of a piece of HTML (a summary, a body, a header field) as one
line of text. They all call `text()`, so the same HTML reads the same
everywhere.

Python's own html.parser reads the HTML, so character references are
decoded as browsers decode them and text such as "<120/80>", which is no
tag, is kept. Words inside one block run on as written ("un<em>usual</em>"
is "unusual"), while two blocks, or a line break, never run together
("<li>Rest</li><li>Fluids</li>" is "Rest Fluids"). Every run of white
space, a no-break space included, becomes one space: the text is for one
line (a card, a meta description, a feed's summary), not for layout.
"""

from html.parser import HTMLParser

# Elements a browser shows on lines of their own (or that end a line): the
# text before and after them is never joined into one word.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul",
})
# Elements whose content is never shown as text.
_HIDDEN = frozenset({"script", "style", "template", "noscript"})


def text(html) -> str:
    """The text a reader sees in `html`, on one line, words one space apart."""
    html = str(html or "")
    if "<" not in html and "&" not in html:
        # No tag, comment or character reference: the parser would give the characters back.
        return " ".join(html.split())
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return " ".join("".join(reader.parts).split())


class _Reader(HTMLParser):
    """Collects the shown text, with a space wherever a block starts or ends."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        """A block separates words; hidden content starts."""
        if tag in BLOCKS:
            self.parts.append(" ")
        self._hidden += tag in _HIDDEN

    def handle_startendtag(self, tag, attrs):
        """<br/> and the like: a block that starts and ends at once."""
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        """A block separates words; hidden content ends."""
        if tag in BLOCKS:
            self.parts.append(" ")
        if tag in _HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        """Keep shown text."""
        if not self._hidden:
            self.parts.append(data)
