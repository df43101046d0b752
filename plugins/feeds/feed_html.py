"""An article's HTML made fit for feeds: every address absolute, no page furniture.

A feed reader shows the article away from the site, where "/myths/x/" or
"#sources" would point nowhere, so each address is resolved against the
article's own. The "#" permalinks that the table-of-contents extension puts
after each heading help on the page but read as stray characters in a feed
reader, so they are left out.

The result is the HTML as Beautiful Soup (with Python's html.parser) writes
it back.
"""

from urllib.parse import urljoin

from bs4 import BeautifulSoup

_URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action")
_PAGE_ONLY_CLASS = "headerlink"


def prepare(html, page_url):
    """`html` with page-only links removed and every address resolved against `page_url`."""
    if not html:
        return ""
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
