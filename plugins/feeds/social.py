"""A ready post per platform, published as social feeds (feeds/social/<platform>.rss).

Each item's title is the whole post: the headline (a myth's fact, never its
claim), the link and the article's tags as hashtags, fitted to the
platform's limit, so an auto-poster set to post the title posts exactly it.
The share card goes with its alt text as in every feed.
"""

import re
import unicodedata

from feedgen.ext.media import MediaExtension
from feedgen.feed import FeedGenerator

from .extensions import ShareCard

# Characters per post, and what a link counts for: Mastodon and X count any
# link as 23 characters; Bluesky counts the link as written.
PLATFORMS = {"mastodon": (500, 23), "bluesky": (300, None), "x": (280, 23)}
FOLDER = "social"


def _shorten(text, limit):
    """text cut at a word to at most `limit` characters, ending in "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"


def hashtag(name):
    """A tag as a hashtag every platform reads whole: letters, digits and _ only.

    Mastodon ends a hashtag at the first other character, so "#covid-19"
    would be posted as "#covid"; the hyphen and spaces are dropped instead.
    """
    words = re.split(r"[^\w]+", unicodedata.normalize("NFC", name))
    tag = "".join(word for word in words if word)
    return f"#{tag}" if tag and not tag.isdigit() else ""


def post_text(headline, url, tags, platform):
    """The post for `platform`: headline, link, then as many hashtags as fit."""
    limit, link_cost = PLATFORMS[platform]
    cost = link_cost if link_cost is not None else len(url)
    room = limit - cost - 1
    text = _shorten(headline, room)
    used = len(text)
    kept = []
    for tag in dict.fromkeys(hashtag(name) for name in tags):
        if tag and used + 1 + len(tag) + cost + 1 <= limit:
            kept.append(tag)
            used += 1 + len(tag)
    return " ".join([text, url, *kept])


def path(platform, folder):
    """The social feed of `platform`, below output/."""
    return f"{folder}/{FOLDER}/{platform}.rss"


def document(platform, feed_entries, site, title):
    """The RSS 2.0 social feed of `platform`, as bytes."""
    generator = FeedGenerator()
    generator.register_extension("media", MediaExtension, ShareCard)
    generator.title(f"{title} · posts for {platform}")
    generator.description(f"Ready posts for {platform}: each item's title is the whole post.")
    generator.link(href=site.home, rel="alternate")
    generator.language(site.language)
    if feed_entries:
        generator.lastBuildDate(max(entry.updated for entry in feed_entries))
    for entry in feed_entries:
        item = generator.add_entry(order="append")
        item.guid(entry.id, permalink=False)
        item.title(post_text(entry.article.headline, entry.url,
                             [term.name for term in entry.categories[1:]], platform))
        item.link(href=entry.url)
        item.pubDate(entry.published)
        if entry.card:
            item.media.image(entry.card)
            # Posters that read only the description find the card's alt text there.
            item.description(entry.card["alt"])
    return b"<?xml version='1.0' encoding='UTF-8'?>\n" + generator.rss_str(pretty=True, xml_declaration=False)
