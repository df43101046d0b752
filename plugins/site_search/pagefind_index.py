"""Write the search index with Pagefind (the binary of the pagefind[bin] package).

Each record becomes a small HTML document, saved in a scratch folder where
its page is saved in output/, and Pagefind indexes that folder in one run.
The command line, not the Python API, because the API stops the Pagefind
process as soon as it reports "files written", and under load files still
being flushed were left empty (seen in 3 of 15 runs); the command line
finishes writing before it exits.

Pagefind is started as soon as Pelican has read the content (start()) and
runs on another core while Pelican writes the pages; the build waits for it
only at the end (Indexing.finish()). The devserver's builds do not run it:
they leave the documents to the devserver, which indexes them once the tab
has reloaded (later.py).

Pagefind takes seconds even when nothing changed, so the bundle is kept in
a cache (bundle_cache.py) under a digest of everything Pagefind reads: the
documents, where they are saved, its options (the language, the selectors
it skips) and its version. When the digest matches a complete cached
bundle, the bundle is copied to output/ and Pagefind is not run, nor any
scratch file written.
"""

import hashlib
import json
import logging
import subprocess
import sys
from importlib import metadata

from clinic import progress

from .bundle_cache import BUNDLE, copy_bundle

# Inside a cache work folder (BundleCache.begin): Pagefind's input and what it says.
_DOCUMENTS = "documents"
_LOG = "pagefind.log"

logger = logging.getLogger(__name__)

# Heading permalinks ("#") and footnote back-links ("↩") are navigation, not text.
NAVIGATION = [".headerlink", ".footnote-backref"]
# The packages that ship the binary `python -m pagefind` runs, in the order
# the pagefind package looks for them.
BINARY_PACKAGES = ("pagefind_bin_extended", "pagefind_bin")


def start(records, language, cache, reuse=True, run=True):
    """Begin making the Pagefind bundle that holds exactly `records`; return an Indexing.

    Every record is indexed in `language`, the site's, so one index (the
    one the search page loads) holds every article. The bundle comes from
    `cache` (a BundleCache) when one was built from the same documents and
    `reuse` is true; otherwise Pagefind is started on them, in the background.
    With `run` false it is not started: the Indexing's `not_run` holds what
    later.py needs to make the bundle after the build.
    """
    documents = {item.save_as: item.document(language) for item in records}
    key = digest(documents, options(language), pagefind_version())
    bundle = cache.find(key) if reuse else None
    if bundle is not None:
        logger.info("Search index: %d pages unchanged, reused the cached bundle", len(documents))
        return Indexing(bundle=bundle)
    if not run:
        return Indexing(pages=len(documents), not_run={"documents": documents, "key": key, "language": language})
    return index(documents, key, cache, language)


def index(documents, key, cache, language):
    """Start Pagefind on `documents` ({save_as: html}) in a new work folder of `cache`."""
    work = cache.begin()
    try:
        process = _run_pagefind(documents, work, language)
    except BaseException:
        cache.discard(work)
        raise
    logger.debug("Search index: Pagefind started on %d pages in %s", len(documents), work)
    return Indexing(cache=cache, key=key, work=work, process=process, pages=len(documents))


class Indexing:
    """A bundle on its way: found in the cache, being made by a Pagefind process,
    or left for after the build (`not_run`: the documents, their key and
    language, for later.py)."""

    def __init__(self, bundle=None, cache=None, key=None, work=None, process=None, pages=0, not_run=None):
        self.bundle = bundle
        self.pages = pages
        self.not_run = not_run
        self._cache, self._key, self._work, self._process = cache, key, work, process

    def running(self):
        """True while Pagefind runs."""
        return self._process is not None and self._process.poll() is None

    def finish(self, bundle_dir):
        """Wait for Pagefind if it runs, cache its bundle, and copy the bundle to `bundle_dir`."""
        if self._process is not None:
            returncode = self._process.wait()
            self._process = None
            if returncode != 0:
                said = (self._work / _LOG).read_text(encoding="utf-8", errors="replace")
                self._cache.discard(self._work)
                raise RuntimeError(f"Pagefind could not build the search index:\n{said}")
            self.bundle = self._cache.complete(self._work, self._key)
            logger.info("Search index: Pagefind indexed %d pages", self.pages)
        logger.debug("Search index: copying %s to %s", self.bundle, bundle_dir)
        copy_bundle(self.bundle, bundle_dir)

    def abandon(self):
        """Stop Pagefind and drop its work (a build that did not get to finish())."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None
            self._cache.discard(self._work)


def options(language):
    """Pagefind's command-line options besides its folders."""
    found = ["--force-language", language]
    for selector in NAVIGATION:
        found += ["--exclude-selectors", selector]
    return found


def digest(documents, flags, version):
    """A sha256 hex digest of all that decides the bundle Pagefind would write.

    Documents are taken in order of where they are saved, so the order the
    articles were listed in does not matter. Every part is prefixed with its
    length, so no two different inputs run together into the same bytes.
    """
    hashed = hashlib.sha256()

    def part(text):
        data = text.encode("utf-8")
        hashed.update(len(data).to_bytes(8, "big"))
        hashed.update(data)

    part(json.dumps([version, flags, len(documents)]))
    for save_as in sorted(documents):
        part(save_as)
        part(documents[save_as])
    return hashed.hexdigest()


def pagefind_version():
    """The version of the package whose Pagefind binary will run.

    Without such a package, `python -m pagefind` runs a `pagefind` found on
    PATH, which is asked for its version.
    """
    for package in BINARY_PACKAGES:
        try:
            return f"{package} {metadata.version(package)}"
        except metadata.PackageNotFoundError:
            continue
    done = subprocess.run([sys.executable, "-m", "pagefind", "--version"],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def _run_pagefind(documents, work, language):
    """Save `documents` ({save_as: html}) in `work` and start Pagefind on them.

    Its bundle goes to work/bundle, what it says to work/pagefind.log.
    """
    scratch = work / _DOCUMENTS
    for save_as, html in progress.track(documents.items(), "Search index"):
        path = scratch / save_as
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    command = [sys.executable, "-m", "pagefind", "--silent",
               "--site", str(scratch), "--output-path", str(work / BUNDLE), *options(language)]
    with open(work / _LOG, "wb") as log:
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
