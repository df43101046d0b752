"""An article's HTML made fit for feeds: every address absolute, no page furniture.

A feed reader shows the article away from the site, where "/myths/x/" or
"#sources" would point nowhere, so each address is resolved against the
article's own. The "#" permalinks that the table-of-contents extension puts
after each heading help on the page but read as stray characters in a feed
reader, so they are left out.

The HTML is read and written back by lxml (libxml2), the parser
clinic.text reads it with.
"""

from urllib.parse import urljoin

import lxml.html

_URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action")
_PAGE_ONLY_CLASS = "headerlink"


def prepare(html, page_url):
    """`html` with page-only links removed and every address resolved against `page_url`."""
    if not html:
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in list(root.iter("a")):
        if _PAGE_ONLY_CLASS in element.get("class", "").split():
            # drop_tree keeps the text that follows the link.
            element.drop_tree()
    for element in root.iter():
        for attribute in _URL_ATTRIBUTES:
            if element.get(attribute) is not None:
                element.set(attribute, urljoin(page_url, element.get(attribute).strip()))
        if element.get("srcset") is not None:
            element.set("srcset", _absolute_srcset(element.get("srcset"), page_url))
    written = lxml.html.tostring(root, encoding="unicode")
    # Without the <div> lxml wrapped the fragment in.
    return written[len("<div>"):-len("</div>")]


def _absolute_srcset(srcset, page_url):
    """Each candidate of a srcset ("a.png 1x, b.png 2x") resolved, its size kept."""
    candidates = []
    for candidate in srcset.split(","):
        url, _, size = candidate.strip().partition(" ")
        if url:
            candidates.append(" ".join(filter(None, (urljoin(page_url, url), size.strip()))))
    return ", ".join(candidates)
