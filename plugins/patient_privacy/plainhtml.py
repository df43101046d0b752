"""Read HTML written in the plain form Markdown writes, without a full parser.

Python's html.parser, which Beautiful Soup uses here, reads any HTML, and
building Beautiful Soup's tree from it takes most of the time sanitising
spends. What Markdown writes is simpler: lowercase tags, double-quoted
attribute values, no comments, no script or style. `tokens()` reads exactly
that with one regular expression, giving what html.parser would give, and
gives None for anything else, so callers use the full parser whenever the
quick reading could differ.
"""

import re
from html import unescape
from typing import NamedTuple

# A start tag, an end tag, or text up to the next tag. Whitespace inside tags
# is what both html.parser and browsers' parser call whitespace.
_TOKEN = re.compile(
    r'<(?P<start>[a-z][a-z0-9]*)(?P<attributes>(?:[ \t\n]+[a-z][a-z0-9-]*(?:="[^"<>]*")?)*)[ \t\n]*(?P<closed>/?)>'
    r"|</(?P<end>[a-z][a-z0-9]*)[ \t\n]*>"
    r"|(?P<text>[^<]+)"
)
_ATTRIBUTE = re.compile(r'([a-z][a-z0-9-]*)(?:="([^"<>]*)")?')
# Elements whose content html.parser (in some Python version) or a browser
# reads as raw text rather than markup.
_RAW_TEXT = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"}


class Tag(NamedTuple):
    """A start tag (`end` False) or an end tag, as html.parser reports it."""

    name: str
    # (name, value, as written) in order; a value written without "=" is
    # None, as html.parser gives it.
    attributes: tuple = ()
    end: bool = False
    # Written as <name/>: html.parser reports a start and an end tag.
    closed: bool = False


def tokens(html):
    """The tags (Tag) and texts (str, entities as written) of `html`, in order;
    None when it is not in the plain form."""
    found = []
    position = 0
    for match in _TOKEN.finditer(html):
        if match.start() != position:
            return None
        position = match.end()
        text, name, end = match.group("text", "start", "end")
        if text is not None:
            found.append(text)
        elif end is not None:
            found.append(Tag(end, (), True))
        elif name in _RAW_TEXT:
            return None
        else:
            written = match["attributes"]
            found.append(Tag(name, _attributes(written) if written else (), False, bool(match["closed"])))
    return found if position == len(html) else None


def _attributes(written):
    """(name, value, as written) of each attribute, values unescaped as html.parser does."""
    return tuple(
        (attribute[1], attribute[2] if attribute[2] is None or "&" not in attribute[2] else unescape(attribute[2]),
         attribute[0])
        for attribute in _ATTRIBUTE.finditer(written)
    )
