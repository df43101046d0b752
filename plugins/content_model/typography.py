"""Typeset a header's plain text: curly quotes and apostrophes, dashes, ellipses.

Markdown's smarty extension does this for the body and the summary; titles,
facts and claims are plain text from the header, so they go through
SmartyPants here, once, and every surface (the page, its head, the JSON-LD,
the feeds, the cards, the search index) shows the same characters. The same
conventions as smarty: "--" an en dash, "---" an em dash.

SmartyPants reads HTML, so the text is escaped on the way in and unescaped on
the way out: what looks like a tag or an entity in a header stays exactly as
typed, and the result is plain text, escaped by the templates like any other.
Backslashes are escaped too, or SmartyPants would take "\\"" as an escape
and drop the backslash.
"""

import html

import smartypants

# Quotes, en and em dashes as smarty writes them, ellipses; as Unicode characters.
_ATTRS = smartypants.Attr.q | smartypants.Attr.D | smartypants.Attr.e | smartypants.Attr.u


def typeset(text):
    """`text` with typographic quotes, apostrophes, dashes and ellipses; plain text in, plain text out."""
    if not text:
        return text
    as_html = html.escape(text, quote=False).replace("\\", "&#92;")
    return html.unescape(smartypants.smartypants(as_html, _ATTRS))
