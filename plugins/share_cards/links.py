"""The share links under an article: plain addresses of each network's own share page.

No script from any network and no relay: each link opens the network's
documented share address with the article's URL and title, and the reader's
browser goes there only if they choose to. Mastodon has no one address (each
reader has their own server), so it is a small form: share_bar.html asks for
the reader's server and share.js opens that server's own /share page; without
JavaScript the bar says how to share the link by hand. Copying the link is a
button share.js shows only where it can work.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

# Each entry of SHARE_LINKS, its name as readers know it, and the words a
# screen reader hears before the name ("Share on Facebook").
NAMES = {
    "facebook": ("Facebook", "Share on "),
    "x": ("X", "Share on "),
    "linkedin": ("LinkedIn", "Share on "),
    "whatsapp": ("WhatsApp", "Share on "),
    "telegram": ("Telegram", "Share on "),
    "bluesky": ("Bluesky", "Share on "),
    "mastodon": ("Mastodon", "Share on "),
    "email": ("Email", "Share by "),
    "copy": ("Copy link", ""),
}
# Entries the share bar draws as controls, not links: they have no href.
WIDGETS = ("mastodon", "copy")


@dataclass(frozen=True)
class ShareLink:
    """One entry of the share bar.

    key names the network (and the entry's class); name is shown, prefix
    is heard before it; href is the share address (empty for widgets);
    text is what a Mastodon post starts with, or the link to copy.
    """

    key: str
    name: str
    prefix: str
    href: str = ""
    text: str = ""


def _query(**params: str) -> str:
    """A query string, spaces as %20 (mailto: reads "+" literally).

    What urlencode(params, quote_via=quote) gives, with each value quoted
    once: the page's address and title recur in most links of a page.
    """
    return "&".join(f"{_quoted(key)}={_quoted(value)}" for key, value in params.items())


@lru_cache(maxsize=64)
def _quoted(text: str) -> str:
    """text percent-encoded for a query, nothing left unencoded but letters, digits and "_.-~"."""
    return quote(text, safe="")


def _address(key: str, url: str, title: str, summary: str) -> str:
    """The share address of one network for a page."""
    post = f"{title} {url}"
    if key == "facebook":
        return f"https://www.facebook.com/sharer/sharer.php?{_query(u=url)}"
    if key == "x":
        return f"https://x.com/intent/post?{_query(text=title, url=url)}"
    if key == "linkedin":
        return f"https://www.linkedin.com/sharing/share-offsite/?{_query(url=url)}"
    if key == "whatsapp":
        return f"https://wa.me/?{_query(text=post)}"
    if key == "telegram":
        return f"https://t.me/share/url?{_query(url=url, text=title)}"
    if key == "bluesky":
        return f"https://bsky.app/intent/compose?{_query(text=post)}"
    if key == "email":
        body = f"{summary}\n\n{url}" if summary else url
        return f"mailto:?{_query(subject=title, body=body)}"
    raise AssertionError(key)


def share_links(keys, url: str, title: str, summary: str = "") -> list[ShareLink]:
    """The entries named in `keys` (SHARE_LINKS), in that order, for a page.

    An unknown entry raises ValueError, naming the ones there are.
    """
    entries = []
    for key in keys:
        if key not in NAMES:
            raise ValueError(f"SHARE_LINKS: there is no share link {key!r}; use any of {', '.join(NAMES)}")
        name, prefix = NAMES[key]
        if key == "mastodon":
            entries.append(ShareLink(key, name, prefix, text=f"{title} {url}"))
        elif key == "copy":
            entries.append(ShareLink(key, name, prefix, text=url))
        else:
            entries.append(ShareLink(key, name, prefix, _address(key, url, title, summary)))
    return entries
