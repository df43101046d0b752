"""Write every feed file, after the share cards are on disk.

The feeds generator decides which feeds exist while Pelican reads content
(templates need that for their discovery links), but an enclosure must give
the card's real size in bytes, and the share-card plugin writes the cards in
its `finalized` handler. So the catalog waits here until this plugin's own
`finalized` handler, registered after that one, writes the files.

Each article's entry is made once per build, however many feeds hold it,
and its HTML is prepared only when no earlier build prepared the same
(html_cache.py): on a large site that preparing is most of the feeds' time.
"""

import os

from clinic import articles, problems

from . import entries, html_cache, jsonfeed, xmlfeeds
from .site import Site

_waiting = {}


def remember(catalog, conf, entry_html):
    """Keep this build's catalog, settings and entry renderer until the build is finalized."""
    _waiting["build"] = (catalog, conf, entry_html)


def write_all(pelican):
    """Write the Atom, RSS and JSON files of every feed in the catalog."""
    if "build" not in _waiting:
        return
    catalog, conf, entry_html = _waiting.pop("build")
    site = Site(conf)
    prepared = html_cache.for_build(conf)
    made = {}

    def entries_of(feed):
        for article in feed.articles:
            if id(article) not in made:
                made[id(article)] = entries.make(article, entry_html(article), site, conf,
                                                 pelican.output_path, prepared.prepare)
        return [made[id(article)] for article in feed.articles]

    for feed in catalog:
        items = entries_of(feed)
        _write(pelican.output_path, feed.atom_path, xmlfeeds.atom(feed, items, site))
        _write(pelican.output_path, feed.rss_path, xmlfeeds.rss(feed, items, site))
        if feed.has_json:
            _write(pelican.output_path, feed.json_path, jsonfeed.document(feed, items, site))
    prepared.save()
    _report_shared_ids(made.values())


def _write(output_path, relative, data):
    path = os.path.join(output_path, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as file:
        file.write(data)


def _report_shared_ids(made):
    """Two articles with one id: auto-posters would skip the second as already posted."""
    first = {}
    for entry in sorted(made, key=lambda e: e.article.source_path):
        other = first.setdefault(entry.id, entry)
        if other is not entry:
            articles.report(
                entry.article, "date",
                f"has the same file name and date as {problems.display_path(other.article.source_path)}, "
                "so feeds give both the same id and auto-posters would skip one",
                "rename one of the two files", severity=problems.WARNING,
            )
