"""Keep each article's feed HTML between builds, so a rebuild prepares only what changed.

Making an article's HTML fit for feeds (feed_html.prepare) parses it and
writes it out again with Beautiful Soup. Each article is prepared once per
build, but on a large site that was still most of the feeds' time, and on a
rebuild nearly every article is as it was. So each result is kept under a
sha256 of exactly what it depends on: the HTML and the address its links are
resolved against. The file also holds a fingerprint of the code that made the
results (feed_html.py, the versions of Beautiful Soup and of Python, whose
html.parser reads the HTML); a file made by other code is ignored, so a
stale result is never used and the feeds' bytes are the same warm or cold.

Only the results the last build used are kept, in one JSON file, written
under a temporary name and renamed into place so that two builds at once
never leave half a file (the last to finish wins). Kept only when Pelican
keeps its content cache (CACHE_CONTENT), read only when it loads it
(LOAD_CONTENT_CACHE; `pelican --ignore-cache` turns that off). Setting:
FEED_CACHE (settings.py).
"""

import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import platform
import tempfile
from pathlib import Path

from . import feed_html, settings

logger = logging.getLogger(__name__)

FILE_NAME = "prepared-html.json"
# Raised when the file's layout changes, so an older file is not misread.
FORMAT = 1


class PreparedHTML:
    """feed_html.prepare, with the results the previous build kept to hand."""

    def __init__(self, path, load):
        self.path = path
        self._kept = _read(path) if path and load else {}
        self._used = {}

    def prepare(self, html, page_url):
        """feed_html.prepare(html, page_url), reused when an earlier build had the same input."""
        if not html:
            return feed_html.prepare(html, page_url)
        key = hashlib.sha256(f"{page_url}\n{html}".encode()).hexdigest()
        prepared = self._used.get(key)
        if prepared is None:
            prepared = self._kept.get(key)
        if prepared is None:
            prepared = feed_html.prepare(html, page_url)
        self._used[key] = prepared
        return prepared

    def save(self):
        """Keep what this build used for the next one, unless the file holds just that already."""
        if self.path is None or self._used.keys() == self._kept.keys():
            return
        try:
            _write_atomic(self.path, {"format": FORMAT, "code": _code(), "prepared": self._used})
        except OSError as error:
            # Only the next build's speed depends on the file.
            logger.warning("feeds: could not save its cache in %s: %s", self.path, error)


def for_build(conf):
    """A PreparedHTML for the build whose settings are `conf`."""
    return PreparedHTML(_path(conf), load=bool(conf.get("LOAD_CONTENT_CACHE")))


def _path(conf):
    """The cache file, or None when nothing is kept: Pelican keeps no content cache,
    or FEED_CACHE is off."""
    name = settings.get(conf, "FEED_CACHE")
    if not name or not conf.get("CACHE_CONTENT"):
        return None
    return Path(conf.get("CACHE_PATH") or "cache") / name / FILE_NAME


@functools.cache
def _code():
    """A fingerprint of everything besides the input that decides what prepare returns."""
    digest = hashlib.sha256(Path(feed_html.__file__).read_bytes())
    digest.update(f"beautifulsoup4 {importlib.metadata.version('beautifulsoup4')}\n".encode())
    digest.update(f"python {platform.python_version()}\n".encode())
    return digest.hexdigest()


def _read(path):
    """The results in a cache file; none when it is missing, unreadable, or made by other code."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if (not isinstance(data, dict) or data.get("format") != FORMAT or data.get("code") != _code()
            or not isinstance(data.get("prepared"), dict)):
        return {}
    return data["prepared"]


def _write_atomic(path, data):
    """Write JSON under a temporary name in the same folder, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(data, file, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
