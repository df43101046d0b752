"""An article's HTML made fit for feeds: every address absolute, no page furniture.

A feed reader shows the article away from the site, where "/myths/x/" or
"#sources" would point nowhere, so each address is resolved against the
article's own. The "#" permalinks that the table-of-contents extension puts
after each heading help on the page but read as stray characters in a feed
reader, so they are left out.

The result is the HTML as Beautiful Soup (with Python's html.parser) writes
it back. HTML in the plain form Markdown and the theme write is read and
written without Beautiful Soup's tree (plain_html.py), to the same bytes;
anything else goes through Beautiful Soup itself.
"""

from urllib.parse import urljoin

from bs4 import BeautifulSoup

from . import plain_html

_URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action")
_ADDRESSES = {*_URL_ATTRIBUTES, "srcset"}
_PAGE_ONLY_CLASS = "headerlink"


def prepare(html, page_url):
    """`html` with page-only links removed and every address resolved against `page_url`."""
    if not html:
        return ""
    events = plain_html.read(html)
    if events is None:
        return _prepare_with_soup(html, page_url)
    return _written(events, page_url)


def text(html):
    """The words of `html` on one line, one space apart (for a plain-text summary)."""
    events = plain_html.read(html)
    if events is None:
        return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    return " ".join(" ".join(event[1] for event in events if event[0] == plain_html.TEXT).split())


def _written(events, page_url):
    """The plain events written back as Beautiful Soup would, after the changes prepare makes."""
    written = []
    append = written.append
    skipped = 0
    for event in events:
        kind, name = event[0], event[1]
        if skipped:
            # Inside a page-only link, which ends where the depth is back to 0.
            if name not in plain_html.VOID and kind != plain_html.TEXT:
                skipped += 1 if kind == plain_html.START else -1
        elif kind == plain_html.TEXT:
            append(plain_html.text(name))
        elif kind == plain_html.END:
            append(plain_html.end_tag(name))
        elif name == "a" and _PAGE_ONLY_CLASS in event[2].get("class", "").split(" "):
            skipped = 1
        else:
            append(plain_html.start_tag(name, _absolute(event[2], page_url)))
    return "".join(written)


def _absolute(attributes, page_url):
    """The attributes with every address resolved against `page_url`."""
    if _ADDRESSES.isdisjoint(attributes):
        return attributes
    resolved = dict(attributes)
    for name in _URL_ATTRIBUTES:
        if name in resolved:
            resolved[name] = urljoin(page_url, resolved[name].strip())
    if "srcset" in resolved:
        resolved["srcset"] = _absolute_srcset(resolved["srcset"], page_url)
    return resolved


def _prepare_with_soup(html, page_url):
    """prepare() for any HTML, with Beautiful Soup's tree."""
    soup = BeautifulSoup(html, "html.parser")
    # find_all, not select("a.headerlink"): the same elements, without a CSS engine's cost.
    for element in soup.find_all("a", class_=_PAGE_ONLY_CLASS):
        element.decompose()
    for element in soup.find_all(True):
        for attribute in _URL_ATTRIBUTES:
            if element.has_attr(attribute):
                element[attribute] = urljoin(page_url, element[attribute].strip())
        if element.has_attr("srcset"):
            element["srcset"] = _absolute_srcset(element["srcset"], page_url)
    return str(soup)


def _absolute_srcset(srcset, page_url):
    """Each candidate of a srcset ("a.png 1x, b.png 2x") resolved, its size kept."""
    candidates = []
    for candidate in srcset.split(","):
        url, _, size = candidate.strip().partition(" ")
        if url:
            candidates.append(" ".join(filter(None, (urljoin(page_url, url), size.strip()))))
    return ", ".join(candidates)
