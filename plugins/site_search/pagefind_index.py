"""Write the search index with Pagefind (the binary of the pagefind[bin] package).

Each record becomes a small HTML document, saved in a scratch folder where
its page is saved in output/, and Pagefind indexes that folder in one run.
The command line, not the Python API, because the API stops the Pagefind
process as soon as it reports "files written", and under load files still
being flushed were left empty (seen in 3 of 15 runs); the command line
finishes writing before it exits.

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
import tempfile
from importlib import metadata
from pathlib import Path

from clinic import progress

from .bundle_cache import copy_bundle

logger = logging.getLogger(__name__)

# Heading permalinks ("#") and footnote back-links ("↩") are navigation, not text.
NAVIGATION = [".headerlink", ".footnote-backref"]
# The packages that ship the binary `python -m pagefind` runs, in the order
# the pagefind package looks for them.
BINARY_PACKAGES = ("pagefind_bin_extended", "pagefind_bin")


def write(records, bundle_dir, language, cache, reuse=True):
    """Make `bundle_dir` a Pagefind bundle holding exactly `records`.

    Every record is indexed in `language`, the site's, so one index (the
    one the search page loads) holds every article. The bundle comes from
    `cache` (a BundleCache) when one was built from the same documents and
    `reuse` is true; otherwise Pagefind builds it into the cache.
    """
    documents = {item.save_as: item.document(language) for item in records}
    key = digest(documents, options(language), pagefind_version())
    bundle = cache.find(key) if reuse else None
    if bundle is None:
        bundle = cache.store(key, lambda target: _index(documents, target, language))
        logger.info("Search index: Pagefind indexed %d pages", len(documents))
    else:
        logger.info("Search index: %d pages unchanged, reused the cached bundle", len(documents))
    logger.debug("Search index: copying %s to %s", bundle, bundle_dir)
    copy_bundle(bundle, bundle_dir)


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


def _index(documents, bundle_dir, language):
    """Run Pagefind on `documents` ({save_as: html}), writing its bundle to `bundle_dir`."""
    with tempfile.TemporaryDirectory(prefix="clinic-search-") as scratch:
        for save_as, html in progress.track(documents.items(), "Search index"):
            path = Path(scratch) / save_as
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, encoding="utf-8")
        command = [sys.executable, "-m", "pagefind", "--silent",
                   "--site", scratch, "--output-path", str(bundle_dir), *options(language)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"Pagefind could not build the search index:\n{done.stdout}{done.stderr}")
