"""Write every feed file, after the share cards are on disk.

The feeds generator decides which feeds exist while Pelican reads content
(templates need that for their discovery links), but an enclosure must give
the card's real size in bytes, and the share-card plugin writes the cards in
its `finalized` handler. So the catalog waits here until this plugin's own
`finalized` handler, registered after that one, writes the files.

Each article's entry is made once per build, however many feeds hold it. A
feed file whose every input is as an earlier build had it is written from
the bytes that build kept (kept_feeds.py), without feedgen and without
preparing any entry's HTML.
"""

import functools
import os

from clinic import articles, problems

from . import entries, jsonfeed, kept_feeds, settings, social, xmlfeeds
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
    kept = kept_feeds.for_build(conf, site)
    made = {}

    def entry_of(article):
        """The article's entry and its fingerprint, made once however many feeds hold it."""
        if id(article) not in made:
            entry = entries.make(article, entry_html(article), site, conf, pelican.output_path)
            fingerprint = entries.fingerprint(entry)
            kept.keep_prepared(fingerprint)
            made[id(article)] = (entry, fingerprint)
        return made[id(article)]

    def prepared(article):
        """The article's entry with its HTML as feeds carry it, prepared once."""
        entry, fingerprint = made[id(article)]
        if entry.prepared is None:
            entry = entries.with_prepared(entry, kept.prepared(fingerprint, functools.partial(entries.prepare, entry)))
            made[id(article)] = (entry, fingerprint)
        return entry

    def document(make, feed):
        return make(feed, [prepared(article) for article in feed.articles], site)

    for feed in catalog:
        fingerprints = [entry_of(article)[1] for article in feed.articles]
        files = [("atom", feed.atom_path, xmlfeeds.atom), ("rss", feed.rss_path, xmlfeeds.rss)]
        if feed.has_json:
            files.append(("json", feed.json_path, jsonfeed.document))
        for kind, relative, make in files:
            data = kept.document(kept_feeds.key(kind, relative, feed, site, fingerprints),
                                 functools.partial(document, make, feed))
            _write(pelican.output_path, relative, data)
    # Social posts carry no HTML, so their entries need not be prepared.
    everything = [entry_of(article)[0] for article in catalog.all.articles]
    folder = settings.get(conf, "FEEDS_PATH").strip("/")
    for platform in social.PLATFORMS:
        _write(pelican.output_path, social.path(platform, folder),
               social.document(platform, everything, site, catalog.all.title))
    kept.save()
    _report_shared_ids(entry for entry, _ in made.values())


def _write(output_path, relative, data):
    """Write the file, unless it holds these bytes already (as after most rebuilds),
    so that an unchanged feed keeps its modification time."""
    path = os.path.join(output_path, relative)
    try:
        if os.path.getsize(path) == len(data):
            with open(path, "rb") as file:
                if file.read() == data:
                    return
    except OSError:
        pass
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
