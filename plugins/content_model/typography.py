"""Typography: curly quotes and apostrophes, en and em dashes, ellipses, by SmartyPants.

One set of rules for every text a reader sees. Header fields (titles,
facts, claims, questions) are plain text: `typeset()` turns them into plain
text, once, and every surface (the page, its head, the JSON-LD, the feeds,
the cards, the search index) shows the same characters. Article bodies and
Markdown header fields (the summary) go through `TypographyExtension`, a
Python-Markdown extension listed in the MARKDOWN setting, which typesets
each run of text of the parsed document. "--" is an en dash and "---" an
em dash (SmartyPants' "oldschool" dashes, as Markdown's smarty extension
writes them).

Why not the smarty extension: it runs a second full inline pass of a dozen
patterns over every text of the document, most of a cold build's Markdown
time. SmartyPants reads each text once.

Why not SmartyPants over the finished HTML: a text that starts with a quote
just after a tag loses its context there, so "<abbr>BP</abbr>'s" would get
an opening quote. Typesetting the document's text runs in order, each with
the character before it, keeps that context across tags (abbreviations,
emphasis, links).

SmartyPants reads HTML, so text is escaped on the way in and unescaped on
the way out: what looks like a tag or an entity stays exactly as typed.
Backslashes are escaped too, or SmartyPants would take "\\"" as an escape
and drop the backslash.
"""

import html
import re

import smartypants
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from clinic.text import BLOCKS

# Quotes, en and em dashes as smarty writes them, ellipses; as Unicode characters.
_ATTRS = smartypants.Attr.q | smartypants.Attr.D | smartypants.Attr.e | smartypants.Attr.u
# What SmartyPants changes; a text with none of these is left as it is without calling it.
_TRIGGERS = ("'", '"', "--", "...", ". . .")
# A character that escaping would turn into an entity stands in as ";", the
# character SmartyPants would have seen last (the entity's end).
_ESCAPED = frozenset("&<\\")
# Markdown's stand-in for raw HTML, an entity or an escaped character, while
# it parses: SmartyPants gives each piece of text between them the character
# before the stand-in, as it gives text after a tag the text before the tag.
_STASHED = re.compile("(\x02[^\x02\x03]*\x03)")
# An apostrophe for the century's digits ("the '90s"), which SmartyPants
# would open as a quote after a space. Left for it as the character reference
# it writes, so it is kept as it is.
_DECADE = re.compile(r"(?<![\w'\"])'(?=\d\ds\b)")
_BLOCKS = frozenset(BLOCKS)
# After the abbreviations (abbr, 7) so text split around an <abbr> is typeset
# in order; before the table of contents (toc, 5) so heading ids are made
# from the typeset text, as with the smarty extension (also at 6).
_PRIORITY = 6


def typeset(text, before=""):
    """`text` with typographic quotes, apostrophes, dashes and ellipses; plain text in, plain text out.

    `before` is the character just before `text` in the same run of prose
    (the end of the text before an <em>), which decides whether a leading
    quote opens or closes.
    """
    if not text or not any(trigger in text for trigger in _TRIGGERS):
        return text
    context = ""
    if before and text[0] in "'\"":
        context = ";" if before in _ESCAPED else before
    as_html = _DECADE.sub("&#8217;", _escape(context + text))
    typeset_text = html.unescape(smartypants.smartypants(as_html, _ATTRS))
    # The context is one character, and SmartyPants makes a quote one character.
    return typeset_text[1:] if context else typeset_text


def _escape(text):
    """`text` as SmartyPants reads it: no tag or entity in it, and no backslash escape.

    ">" stays as it is: it starts no tag, and as "&gt;" it would change
    what SmartyPants makes of a quote just before it.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("\\", "&#92;")


class _Typesetter(Treeprocessor):
    """Typesets every text of the document in reading order, leaving code and addresses alone."""

    def run(self, root):
        """Typeset the tree in place."""
        _typeset_within(root, "")


class TypographyExtension(Extension):
    """Python-Markdown extension: typographic quotes, dashes and ellipses in the document's text."""

    def extendMarkdown(self, md):
        """Register the typesetter among the tree processors; \\" and \\' keep a straight quote."""
        md.treeprocessors.register(_Typesetter(md), "typography", _PRIORITY)
        md.ESCAPED_CHARS.extend(['"', "'"])


def _typeset_within(element, before):
    """Typeset `element`'s text, its children's and their tails; return the last character passed."""
    if element.tag in _BLOCKS:
        # A block's text starts a line, as after a space: '"...and then"' opens its quote.
        before = " "
    element.text, before = _typeset_run(element.text, before)
    for child in element:
        before = _typeset_within(child, before)
        child.tail, before = _typeset_run(child.tail, before)
    return before


def _typeset_run(text, before):
    """(`text` typeset, its last character as written); code and addresses, which Markdown
    marks atomic, stay as written."""
    if not text:
        return text, before
    if isinstance(text, AtomicString):
        return text, text[-1]
    if "\x02" not in text:
        return typeset(text, before), text[-1]
    pieces = []
    for piece in _STASHED.split(text):
        if piece.startswith("\x02"):
            pieces.append(piece)
        elif piece:
            pieces.append(typeset(piece, before))
            before = piece[-1]
    return "".join(pieces), before


def makeExtension(**kwargs):  # noqa: N802 (the name Python-Markdown looks for)
    """The extension, for the MARKDOWN setting's "content_model.typography"."""
    return TypographyExtension(**kwargs)
