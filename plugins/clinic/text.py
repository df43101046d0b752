"""Article HTML as plain text: the one way every plugin turns HTML into words.

Feeds' plain-text summaries, share cards and their alt text, the pages'
meta descriptions and summaries in listings, structured data and the
privacy checks all need what a reader sees of a piece of HTML (a summary, a
body, a header field) as one line of text. They all call `text()`, so the
same HTML reads the same everywhere.

lxml's HTML parser (libxml2) reads it, so character references are decoded
as browsers decode them and text such as "<120/80>", which is no tag, is
kept; it reads a long body several times faster than Python's html.parser.
Words inside one block run on as written ("un<em>usual</em>" is
"unusual"), while two blocks, or a line break, never run together
("<li>Rest</li><li>Fluids</li>" is "Rest Fluids"). Every run of white
space, a no-break space included, becomes one space: the text is for one
line (a card, a meta description, a feed's summary), not for layout.
"""

import re

import lxml.html

# Elements a browser shows on lines of their own (or that end a line): the
# text before and after them is never joined into one word.
BLOCKS = (
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul",
)
# Elements whose content is never shown as text.
_HIDDEN = ("script", "style", "template", "noscript")
# Characters lxml refuses in a string (control characters, lone surrogates):
# none is text a reader sees, so each becomes a space.
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# huge_tree: without it libxml2 stops reading 256 elements deep, and the
# privacy scan, which reads summaries here, would not see what lies deeper.
_PARSER = lxml.html.HTMLParser(huge_tree=True)


def text(html) -> str:
    """The text a reader sees in `html`, on one line, words one space apart."""
    html = str(html or "")
    if "<" not in html and "&" not in html:
        # No tag, comment or character reference: the parser would give the characters back.
        return " ".join(html.split())
    root = lxml.html.fragment_fromstring(_UNREADABLE.sub(" ", html), create_parent="div", parser=_PARSER)
    for element in list(root.iter(*_HIDDEN)):
        # drop_tree keeps the text that follows the element.
        element.drop_tree()
    for element in root.iter(*BLOCKS):
        element.text = " " + element.text if element.text else " "
        element.tail = " " + element.tail if element.tail else " "
    return " ".join(root.text_content().split())
