"""Write every feed file, after the share cards are on disk.

The feeds generator decides which feeds exist while Pelican reads content
(templates need that for their discovery links), but an enclosure must give
the card's real size in bytes, and the share-card plugin writes the cards in
its `finalized` handler. So the catalog waits here until this plugin's own
`finalized` handler, registered after that one, writes the files.

Each article's entry is made once per build, however many feeds hold it
(MadeEntries), and holds the article's HTML only while it may be needed. A
feed file whose every input is as an earlier build had it is written from
the bytes that build kept (kept_feeds.py), without feedgen and without
preparing any entry's HTML; when no input of the whole build changed, from
the kept pages (kept_pages), without making any entry.
"""

import functools
import os

from clinic import articles, problems

from . import entries, jsonfeed, kept_feeds, settings, social, xmlfeeds
from .site import Site

_waiting = {}


def remember(catalog, conf, entry_html, keep):
    """Keep this build's catalog, settings, entry renderer and file keeper until the build is finalized."""
    _waiting["build"] = (catalog, conf, entry_html, keep)


def write_all(pelican):
    """Write the Atom, RSS and JSON files of every feed in the catalog.

    Each file goes through `keep` (the generator's): when no input of the
    build changed, kept_pages gives the file the last build wrote, and no
    entry is made at all.
    """
    if "build" not in _waiting:
        return
    catalog, conf, entry_html, keep = _waiting.pop("build")
    site = Site(conf)
    kept = kept_feeds.for_build(conf, site)
    made = MadeEntries(lambda article: entries.make(article, entry_html(article), site, conf, pelican.output_path),
                       kept)
    files_made = 0

    def feed_file(kind, relative, make, feed):
        nonlocal files_made
        files_made += 1
        fingerprints = [made.entry(article)[1] for article in feed.articles]
        return kept.document(kept_feeds.key(kind, relative, feed, site, fingerprints),
                             lambda: make(feed, [made.prepared(article) for article in feed.articles], site))

    def social_file(platform):
        nonlocal files_made
        files_made += 1
        # Social posts carry no HTML, so their entries need not be prepared.
        everything = [made.entry(article)[0] for article in catalog.all.articles]
        return social.document(platform, everything, site, catalog.all.title)

    files = 0
    for feed in catalog:
        formats = [("atom", feed.atom_path, xmlfeeds.atom), ("rss", feed.rss_path, xmlfeeds.rss)]
        if feed.has_json:
            formats.append(("json", feed.json_path, jsonfeed.document))
        for kind, relative, make in formats:
            data = keep(f"feed file: {relative}", f"feeds {kind}", functools.partial(feed_file, kind, relative, make, feed))
            _write(pelican.output_path, relative, data)
            files += 1
        made.feed_written()
    folder = settings.get(conf, "FEEDS_PATH").strip("/")
    for platform in social.PLATFORMS:
        relative = social.path(platform, folder)
        data = keep(f"feed file: {relative}", "feeds social", functools.partial(social_file, platform))
        _write(pelican.output_path, relative, data)
        files += 1
    # Only a build that made every file knows which of the feeds' own kept files are still in use.
    if files_made == files:
        kept.save()
    _report_shared_ids(site, catalog)


class MadeEntries:
    """Each article's entry and its fingerprint, made once however many feeds hold it.

    The article's HTML is most of an entry, and a warm build prepares none, so
    an entry holds it only until the feed it was made for is written; a feed
    built again prepares its entries then. An entry that a later feed must
    prepare, and that no earlier build kept prepared (only when part of the
    feeds' cache is gone), is made again from its article.
    """

    def __init__(self, make, kept):
        """`make(article)`: the article's entries.Entry; `kept`: the build's kept_feeds.KeptFeeds."""
        self._make = make
        self._kept = kept
        self._made = {}
        self._whole = {}

    def entry(self, article):
        """The article's entry, without the article's HTML once its first feed is written, and its fingerprint."""
        if id(article) not in self._made:
            entry = self._make(article)
            fingerprint = entries.fingerprint(entry)
            self._kept.keep_prepared(fingerprint)
            self._whole[id(article)] = entry
            self._made[id(article)] = (entries.without_html(entry), fingerprint)
        return self._made[id(article)]

    def prepared(self, article):
        """The article's entry with its HTML as feeds carry it, prepared once (kept_feeds keeps it)."""
        entry, fingerprint = self.entry(article)

        def prepare():
            return entries.prepare(self._whole.get(id(article)) or self._make(article))

        return entries.with_prepared(entry, self._kept.prepared(fingerprint, prepare))

    def feed_written(self):
        """Let go of the article HTML of the entries made for the feed just written."""
        self._whole.clear()


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


def _report_shared_ids(site, catalog):
    """Two articles with one id: auto-posters would skip the second as already posted."""
    first = {}
    in_feeds = {id(article): article for feed in catalog for article in feed.articles}
    for article in sorted(in_feeds.values(), key=lambda a: a.source_path):
        other = first.setdefault(site.entry_id(article), article)
        if other is not article:
            articles.report(
                article, "date",
                f"has the same file name and date as {problems.display_path(other.source_path)}, "
                "so feeds give both the same id and auto-posters would skip one",
                "rename one of the two files", severity=problems.WARNING,
            )
