"""What one article contributes to every feed it is in, worked out once.

Everything comes from the attributes the content model and the share-card
plugin set; nothing here reads the article's header again.
"""

import os
from dataclasses import dataclass

from bs4 import BeautifulSoup

from clinic import articles, problems


@dataclass(frozen=True)
class Entry:
    """One article as feeds show it; every address in it is absolute."""

    article: object
    id: str
    url: str
    title: str
    summary_html: str
    summary_text: str
    content_html: str
    published: object
    updated: object
    authors: tuple
    categories: tuple
    card: dict | None


@dataclass(frozen=True)
class Term:
    """A category or tag: its name and the page listing every term of its kind."""

    name: str
    scheme: str


def make(article, html, site, conf, output_path, prepare):
    """The Entry of `article`, whose HTML as feeds carry it is `html`.

    `prepare(html, page_url)` makes HTML fit for feeds: feed_html.prepare,
    or html_cache's, which reuses what an earlier build prepared.
    """
    url = site.absolute(article.url)
    summary = prepare(_summary(article), url)
    return Entry(
        article=article,
        id=site.entry_id(article),
        url=url,
        title=article.title,
        summary_html=summary,
        summary_text=" ".join(BeautifulSoup(summary, "html.parser").get_text(" ").split()),
        content_html=prepare(html, url),
        published=article.date,
        updated=article.updated,
        authors=tuple((c.display, site.absolute(c.url)) for c in article.author_clinicians),
        categories=_terms(article, site, conf),
        card=_card(article, site, output_path),
    )


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
