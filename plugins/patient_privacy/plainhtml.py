"""Read HTML written in the plain form Markdown writes, without a full parser.

Python's html.parser reads any HTML, one character test at a time, and
Beautiful Soup builds a tree on top of it: for a long article that takes
most of the time sanitising and the identifier scan spend. What Markdown
writes (and what nh3 writes back) is simpler: lowercase tags,
double-quoted attribute values, no comments, no script or style. `split()`
and `tag()` read exactly that, giving what html.parser would give, and give
None for anything else, so callers use the full parser whenever the quick
reading could differ.
"""

import functools
import re
from html import unescape
from typing import NamedTuple

# What may be a tag: a "<", then anything but "<" and ">", then ">". A text
# holds no "<" at all, so where one is left in a text, no tag could be read.
_TAGS = re.compile(r"(<[^<>]*>)")
# A start tag and an end tag in the plain form. Whitespace inside tags is
# what both html.parser and browsers' parser call whitespace.
_START_TAG = re.compile(
    r'<(?P<name>[a-z][a-z0-9]*)(?P<attributes>(?:[ \t\n]+[a-z][a-z0-9-]*(?:="[^"<>]*")?)*)[ \t\n]*(?P<closed>/?)>'
)
_END_TAG = re.compile(r"</(?P<name>[a-z][a-z0-9]*)[ \t\n]*>")
_ATTRIBUTE = re.compile(r'([a-z][a-z0-9-]*)(?:="([^"<>]*)")?')
# Elements whose content html.parser (in some Python version) or a browser
# reads as raw text rather than markup.
_RAW_TEXT = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"}


class Tag(NamedTuple):
    """A start tag (`end` False) or an end tag, as html.parser reports it."""

    name: str
    # (name, value) in order, as html.parser gives them: a value written
    # without "=" is None.
    attributes: tuple = ()
    end: bool = False
    # Written as <name/>: html.parser reports a start and an end tag.
    closed: bool = False
    # Each attribute as written (name="value"), in the same order.
    written_attributes: tuple = ()


def split(html):
    """`html` as [text, tag, text, …, tag, text]: texts (entities as written, maybe
    empty) around every tag as written; None when a "<" starts no tag.

    Read each tag with `tag()`: the HTML is in the plain form only when
    every tag is.
    """
    pieces = _TAGS.split(html)
    # Each tag holds exactly one "<": any other "<" is in a text.
    return pieces if html.count("<") == len(pieces) // 2 else None


@functools.lru_cache(maxsize=1 << 14)
def tag(written):
    """The Tag that a tag as written (from `split()`) is, or None when it is not
    in the plain form. Articles repeat most tags, so each is read once."""
    match = _END_TAG.fullmatch(written)
    if match:
        return Tag(match["name"], (), True)
    match = _START_TAG.fullmatch(written)
    if not match or match["name"] in _RAW_TEXT:
        return None
    attributes = tuple(_ATTRIBUTE.finditer(match["attributes"]))
    return Tag(match["name"], tuple((attribute[1], _value(attribute[2])) for attribute in attributes), False,
               bool(match["closed"]), tuple(attribute[0] for attribute in attributes))


def _value(written):
    """An attribute's value as html.parser gives it: character references decoded."""
    return written if written is None or "&" not in written else unescape(written)
