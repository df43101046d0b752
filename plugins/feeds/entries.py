"""What one article contributes to every feed it is in, worked out once.

Everything comes from the attributes the content model and the share-card
plugin set; nothing here reads the article's header again.

An entry is made with the article's HTML as the site has it. Its HTML as
feeds carry it (prepare) is made only when a feed holding it is built, once
however many feeds hold it; a rebuild whose feeds were all kept
(kept_feeds.py) prepares none.
"""

import dataclasses
import os
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from clinic import articles, kept_results, problems, text

from . import feed_html


class Prepared(NamedTuple):
    """An entry's HTML as feeds carry it: addresses absolute, page-only links left out."""

    summary_html: str
    summary_text: str
    content_html: str


@dataclass(frozen=True)
class Entry:
    """One article as feeds show it; every address in it is absolute."""

    article: object
    id: str
    url: str
    title: str
    # The summary as the site has it, and the article as the theme's feed_entry
    # template renders it; prepare() makes both fit for feeds. The article's
    # HTML is let go of (None) once it is no longer needed: see without_html.
    summary_source: str
    content_source: str | None
    published: object
    updated: object
    authors: tuple
    categories: tuple
    card: dict | None
    # Made from the fields above (see prepare and with_prepared), so not in the fingerprint.
    prepared: Prepared | None = None


@dataclass(frozen=True)
class Term:
    """A category or tag: its name and the page listing every term of its kind."""

    name: str
    scheme: str


def make(article, html, site, conf, output_path):
    """The Entry of `article`, rendered for feeds as `html` (not yet prepared)."""
    return Entry(
        article=article,
        id=site.entry_id(article),
        url=site.absolute(article.url),
        title=article.headline,
        summary_source=_summary(article),
        content_source=html,
        published=article.date,
        updated=article.updated,
        authors=tuple((c.display, site.absolute(c.url)) for c in article.author_clinicians),
        categories=_terms(article, site, conf),
        card=_card(article, site, output_path),
    )


def prepare(entry):
    """The entry's HTML as feeds carry it (feed_html.prepare), and the summary's text (clinic.text)."""
    summary = feed_html.prepare(entry.summary_source, entry.url)
    return Prepared(summary, text.text(summary), feed_html.prepare(entry.content_source, entry.url))


def with_prepared(entry, prepared):
    """The entry with its HTML as feeds carry it."""
    return dataclasses.replace(entry, prepared=prepared)


def without_html(entry):
    """The entry without the article's HTML, by far its biggest part: what social
    posts and reports read, and all a feed needs once the entry is prepared."""
    return dataclasses.replace(entry, content_source=None)


def fingerprint(entry):
    """A sha256 of everything a feed file is made from in `entry`. Its prepared
    HTML is made from the rest by code that kept_feeds fingerprints."""
    data = {}
    for field in dataclasses.fields(entry):
        value = getattr(entry, field.name)
        if field.name == "prepared":
            continue
        if field.name == "article":
            # Of the article itself, feeds read only the category's slug (for campaign links).
            value = value.category.slug
        elif isinstance(value, datetime):
            value = value.isoformat()
        elif field.name == "categories":
            value = [(term.name, term.scheme) for term in value]
        data[field.name] = value
    return kept_results.key(data)


def _summary(article):
    """The summary with its {filename} links resolved.

    Pelican resolves links in summaries only after every plugin has read the
    articles, yet memoizes `article.summary`: a plugin that read it earlier
    (share_cards does) froze the unresolved text there. Pelican writes the
    resolved summary back into the metadata, so it is read from there.
    """
    return article.metadata.get("summary") or article.summary


def _terms(article, site, conf):
    """The category first, then the tags, each with its scheme: the page listing them."""
    category_scheme = site.absolute(_listing(conf["CATEGORIES_SAVE_AS"]))
    tag_scheme = site.absolute(_listing(conf["TAGS_SAVE_AS"]))
    terms = [Term(article.category.name, category_scheme)]
    terms += [Term(tag.name, tag_scheme) for tag in getattr(article, "tags", [])]
    return tuple(terms)


def _listing(save_as):
    """The URL of a page saved as "topics/index.html": "topics/"."""
    return save_as.removesuffix("index.html")


def _card(article, site, output_path):
    """The share card with its real size in bytes, or None without one."""
    card = getattr(article, "share_card", None)
    if not card:
        return None
    path = os.path.join(output_path, card["path"])
    if not os.path.isfile(path):
        articles.report(
            article, "title",
            f"the share card {card['path']} was not written, so feeds show no image for this article",
            "build again; if it stays missing, tell whoever maintains the blog", severity=problems.WARNING,
        )
        return None
    return {
        "url": site.absolute(card["url"]),
        "length": os.path.getsize(path),
        "type": card["type"],
        "width": card["width"],
        "height": card["height"],
        "alt": card.get("alt", ""),
    }
