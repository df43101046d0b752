"""Atom and RSS 2.0 documents written with feedgen, byte for byte reproducible.

feedgen stamps each feed with the time of the build (updated,
lastBuildDate) and its own name and version (generator). Here every date
comes from the articles, and the generator is left out, so the same
content always gives the same bytes.
"""

from datetime import datetime, timezone
from xml.sax.saxutils import quoteattr

from feedgen.ext.base import BaseExtension
from feedgen.ext.media import MediaExtension
from feedgen.feed import FeedGenerator

from .extensions import ItemUpdated, ShareCard

ATOM_TYPE = "application/atom+xml"
RSS_TYPE = "application/rss+xml"
# The date of a feed that has no articles yet; any fixed date keeps it reproducible.
EMPTY_FEED_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)


def atom(feed, entries, site):
    """The Atom document of `feed`, as bytes."""
    generator = _generator(feed, entries, site, site.absolute(feed.atom_path), ATOM_TYPE)
    return _document(generator.atom_str(pretty=True, xml_declaration=False), site.stylesheet)


def rss(feed, entries, site):
    """The RSS 2.0 document of `feed`, as bytes."""
    generator = _generator(feed, entries, site, site.absolute(feed.rss_path), RSS_TYPE)
    return _document(generator.rss_str(pretty=True, xml_declaration=False), site.stylesheet)


def _document(body, stylesheet):
    """The XML declaration, the browser stylesheet when there is one, then the feed."""
    head = "<?xml version='1.0' encoding='UTF-8'?>\n"
    if stylesheet:
        head += f"<?xml-stylesheet type=\"text/xsl\" href={quoteattr(stylesheet)}?>\n"
    return head.encode("utf-8") + body


def _generator(feed, entries, site, self_url, self_type):
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)
    generator.register_extension("media", MediaExtension, ShareCard)
    # feedgen declares the atom: prefix in RSS already; only items need adding to.
    generator.register_extension("rss_updated", BaseExtension, ItemUpdated, atom=False, rss=True)
    generator.id(self_url)
    generator.title(feed.title)
    generator.subtitle(feed.description)
    generator.language(site.language)
    generator.author(name=site.name, uri=site.home)
    if site.logo:
        generator.icon(site.logo)
        generator.image(url=site.logo, title=feed.title, link=site.absolute(feed.page_url))
    generator.generator("")
    page = {"href": site.absolute(feed.page_url), "rel": "alternate", "type": "text/html"}
    own = {"href": self_url, "rel": "self", "type": self_type}
    # Readers that take an Atom feed's first link as the site (feed-extractor)
    # need the page first; feedgen gives RSS the last link it was handed as
    # <link>, so there the page comes last.
    for link in ((page, own) if self_type == ATOM_TYPE else (own, page)):
        generator.link(**link)
    generator.updated(max((entry.updated for entry in entries), default=EMPTY_FEED_DATE))
    generator.pubDate(max((entry.published for entry in entries), default=EMPTY_FEED_DATE))
    for entry in entries:
        _add(generator.add_entry(order="append"), entry, site.link(entry, feed))
    return generator


def _add(item, entry, link):
    item.id(entry.id)
    item.title(entry.title)
    item.link(href=link, rel="alternate")
    item.published(entry.published)
    item.updated(entry.updated)
    item.rss_updated.set(entry.updated)
    item.author([{"name": name, "uri": uri} for name, uri in entry.authors])
    item.dc.dc_creator([name for name, _ in entry.authors])
    item.category([{"term": term.name, "scheme": term.scheme} for term in entry.categories])
    item.summary(entry.prepared.summary_html, type="html")
    item.content(entry.prepared.content_html, type="html")
    if entry.card:
        item.media.image(entry.card)
