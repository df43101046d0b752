"""Keep feed files and entries' feed HTML between builds, so a rebuild redoes only what changed.

Serialising every Atom and RSS feed with feedgen was most of a rebuild's
feed time, though most feeds hold exactly what they held last time. So each
feed file's bytes are kept under a sha256 of everything they are made from:
the file's format and path, the feed's own fields, the site's (addresses,
name, language, logo, stylesheet, campaign) and every entry's data in order
(entries.fingerprint). An unchanged feed is written from the kept bytes,
without feedgen and without preparing any entry's HTML.

Feed files are megabytes each, too big for clinic.kept_results' single JSON
file that every build reads whole: each is kept in a file named by its key
(in the kept/ folder), starting with the sha256 of the bytes that follow,
written under a temporary name and renamed into place; a file whose bytes
do not match that sha256 is not used. A build removes the files it did not
use. Each site address has its own folder (for_build), since the preview's
and the published site's feeds differ in every link.

When one article changes, only the feeds holding it are built again, and
they need every one of their entries' HTML as feeds carry it
(entries.prepare). That is kept the same way, a file per entry in the
entries/ folder, named by a key of its fingerprint and read only by a build
that builds a feed again, so only the changed article's is prepared again.
A build keeps the entries of every article in its feeds, whether it needed
them or not. None of it is held in memory (the entries' HTML is some 15 MB
at a thousand articles) unless nothing is kept on disk.

Every result is kept with a fingerprint of this plugin's code and of the
versions of feedgen, lxml, Beautiful Soup and Python, so a result made by
other code is never used. Only with Pelican's content cache (CACHE_CONTENT;
read only with LOAD_CONTENT_CACHE, which `pelican --ignore-cache` turns
off). Setting: FEED_CACHE (settings.py).
"""

import functools
import hashlib
import json
import logging
import re
import sys

from clinic import articles, dates, kept_results, text
from clinic.files import write_atomic

from . import entries, settings

logger = logging.getLogger(__name__)

FOLDER = "kept"
ENTRIES_FOLDER = "entries"
_KEY = re.compile(r"[0-9a-f]{64}")
_DIGEST_LENGTH = 64
_SITE_FOLDER_LENGTH = 16


class KeptFeeds:
    """The feed files and prepared entries an earlier build kept, and those this build keeps."""

    def __init__(self, folder, load):
        """folder: the site address's folder (None keeps nothing); load: read what earlier builds kept."""
        self.root = folder
        self.folders = (folder / FOLDER, folder / ENTRIES_FOLDER) if folder else ()
        self.load = load
        self._used = set()
        # Written by this build: read back even when the last build's are not read.
        self._written = set()
        self._held = {}
        self._warned = False

    def document(self, key, make):
        """The feed file's bytes kept under `key`, or `make()`'s (then kept)."""
        path = self._path(FOLDER, key)
        data = self._read(path)
        if data is None:
            data = make()
            self._write(path, data)
        return data

    def prepared(self, fingerprint, make):
        """The entries.Prepared of the entry with this fingerprint, or `make()`'s (then kept)."""
        path = self.keep_prepared(fingerprint)
        if path is None:
            # Nothing is kept on disk: held for the other feeds of this build.
            if fingerprint not in self._held:
                self._held[fingerprint] = make()
            return self._held[fingerprint]
        data = self._read(path)
        if data is not None:
            try:
                return entries.Prepared(*json.loads(data))
            except (ValueError, TypeError):
                pass
        prepared = make()
        self._write(path, json.dumps(list(prepared), ensure_ascii=False).encode("utf-8"))
        return prepared

    def keep_prepared(self, fingerprint):
        """Keep the entry's prepared HTML for the next build; return the file it is kept in."""
        return self._path(ENTRIES_FOLDER, kept_results.key(_code(), "entry", fingerprint))

    def _path(self, folder, key):
        """The file `key` is kept in, in `folder`, noted as used by this build (None when nothing is kept)."""
        if self.root is None:
            return None
        path = self.root / folder / key
        self._used.add(path)
        return path

    def save(self):
        """Remove what this build did not use."""
        for folder in self.folders:
            try:
                for path in folder.iterdir() if folder.is_dir() else ():
                    if _KEY.fullmatch(path.name) and path not in self._used:
                        path.unlink(missing_ok=True)
            except OSError as error:
                logger.warning("feeds: could not remove old files from its cache in %s: %s", folder, error)

    def _read(self, path):
        if path is None or not (self.load or path in self._written):
            return None
        try:
            kept = path.read_bytes()
        except OSError:
            return None
        digest, data = kept[:_DIGEST_LENGTH], kept[_DIGEST_LENGTH:]
        if hashlib.sha256(data).hexdigest().encode() == digest:
            return data
        if not self._warned:
            self._warned = True
            logger.warning("feeds: the feed files kept in %s were damaged (a file does not match its "
                           "sha256); the damaged ones are made again.", path.parent)
        return None

    def _write(self, path, data):
        """Write the digest and the bytes under a temporary name and rename them into
        place, so that no build reads half a file."""
        if path is None:
            return
        try:
            write_atomic(path, hashlib.sha256(data).hexdigest().encode() + data)
            self._written.add(path)
        except OSError as error:
            # Only the next build's speed depends on the file.
            logger.warning("feeds: could not keep a file in its cache in %s: %s", path.parent, error)


def key(kind, relative, feed, site, fingerprints):
    """The key of one feed file: the code, its format and path, the feed's and the
    site's fields, and its entries' fingerprints in order (entries.fingerprint)."""
    fields = {name: value for name, value in vars(feed).items() if name != "articles"}
    # Campaign parameters go into links in the order they are given.
    described_site = {**vars(site), "campaign": list(site.campaign.items())}
    return kept_results.key(_code(), kind, relative, fields, described_site, fingerprints)


def for_build(conf, site):
    """The KeptFeeds of the build whose settings are `conf`, for the feeds of `site`.

    Each site address (the preview's, the published site's) keeps its files
    in its own folder, so a preview and a publish after it do not remove
    each other's files and build every feed again.
    """
    name = settings.get(conf, "FEED_CACHE")
    root = kept_results.path_for(conf, name, "")
    if root is None:
        return KeptFeeds(None, load=False)
    own = root / hashlib.sha256(site.base.encode("utf-8")).hexdigest()[:_SITE_FOLDER_LENGTH]
    return KeptFeeds(own, load=bool(conf.get("LOAD_CONTENT_CACHE")))


@functools.cache
def _code():
    """A fingerprint of every module of this plugin (all are loaded once a build
    writes feeds), of the shared ones that turn an article into an entry's text
    and dates, and of the libraries that make and write the files."""
    package = __name__.rpartition(".")[0]
    modules = [module for name, module in sorted(sys.modules.items())
               if (name == package or name.startswith(package + ".")) and getattr(module, "__file__", None)]
    return kept_results.code_fingerprint([*modules, articles, dates, text], ["feedgen", "lxml"])
