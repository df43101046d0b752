"""The JSON Feed 1.1 document (https://jsonfeed.org/version/1.1) of a feed."""

import json

from clinic import dates

VERSION = "https://jsonfeed.org/version/1.1"


def document(feed, entries, site):
    """The JSON Feed of `feed`, as UTF-8 bytes, keys always in the same order."""
    data = {
        "version": VERSION,
        "title": feed.title,
        "home_page_url": site.absolute(feed.page_url),
        "feed_url": site.absolute(feed.json_path),
        "description": feed.description,
        "language": site.language,
        "authors": [{"name": site.name, "url": site.home}],
        "items": [_item(entry, feed, site) for entry in entries],
    }
    if site.logo:
        data["favicon"] = site.logo
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _item(entry, feed, site):
    item = {
        "id": entry.id,
        "url": site.link(entry, feed),
        "title": entry.title,
        "content_html": entry.prepared.content_html,
        "summary": entry.prepared.summary_text,
        "date_published": dates.iso(entry.published),
        "date_modified": dates.iso(entry.updated),
        "authors": [{"name": name, "url": uri} for name, uri in entry.authors],
        "tags": [term.name for term in entry.categories],
    }
    if entry.card:
        item["image"] = entry.card["url"]
        attachment = {"url": entry.card["url"], "mime_type": entry.card["type"],
                      "size_in_bytes": entry.card["length"]}
        if entry.card["alt"]:
            attachment["title"] = entry.card["alt"]
        item["attachments"] = [attachment]
    return item
