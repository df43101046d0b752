"""Footnotes that screen reader users can find and follow.

Python-Markdown's footnotes extension ends the body with a bare rule and a
numbered list, and names its links only "1" and "↩". Here the rule becomes a
"Notes" heading, so the notes show up in a screen reader's list of headings,
and every footnote link gets a name that says where it goes. The markup the
extension writes is fixed, so matching it exactly is safe.
"""

import re

HEADING_ID = "footnotes-heading"
HEADING = f'<h2 id="{HEADING_ID}" class="footnotes-heading">Notes</h2>'

_RULE = re.compile(r'(<div class="footnote">)\s*<hr\s*/?>')
_REFERENCE = re.compile(r'<a class="footnote-ref" href="(#fn:[^"]+)">(\d+)</a>')
_BACKLINK = re.compile(r'<a class="footnote-backref" href="([^"]+)" title="([^"]+)">')
# The extension puts a no-break space before the back link; an address pasted
# at the very end of a note (magiclink) takes it into the link.
_ADDRESS_WITH_SPACE = re.compile(r'<a href="([^"]*?)&#160;">([^<]*?)&#160;</a>(?=<a class="footnote-backref")')


def label(html):
    """The same HTML with a "Notes" heading and named footnote links."""
    if 'class="footnote"' not in html:
        return html
    html = _ADDRESS_WITH_SPACE.sub(r'<a href="\1">\2</a>&#160;', html)
    html = _RULE.sub(rf"\1\n{HEADING}", html, count=1)
    html = _REFERENCE.sub(r'<a class="footnote-ref" href="\1" aria-label="Note \2">\2</a>', html)
    # The title already says where the arrow goes; as the name, it is read aloud.
    return _BACKLINK.sub(r'<a class="footnote-backref" href="\1" aria-label="\2">', html)


def label_content(content):
    """Relabel the footnotes of one article or page as Pelican creates it."""
    body = getattr(content, "_content", None)
    if body:
        content._content = label(body)
