"""Remember what sanitising and the identifier scan found, between builds.

Pelican's content cache skips reading unchanged Markdown, but every build
still sanitises and scans every article, which takes longer than the rest of
a warm rebuild. So each result is kept under a sha256 of exactly what it
depends on: the text it was computed from, the settings it reads, and a
fingerprint of the code that computed it (markup.py, plainhtml.py, scan.py,
identifiers.py, this module, and the versions of nh3, Beautiful Soup,
phonenumbers and Python). An edit to any of them gives a new key, never a
stale result.

What was found is kept, not the problems: every build reports them again, at
the line where the source says them now, so a warm build prints the same
warnings and errors as a cold one.

The results the last build used are kept in one JSON file; a build that used
others writes it under a temporary name and renames it into place, so two
builds at once never leave half a file (the last to finish wins), and results
of text that changed are dropped. Settings: PRIVACY_CACHE (settings.py).
"""

import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import platform
import sys
from pathlib import Path

from . import identifiers, markup, plainhtml, scan, settings

logger = logging.getLogger(__name__)

FILE_NAME = "results.json"
# Raised when the file's layout changes, so an older file is not misread.
FORMAT = 1
_CODE = (markup, plainhtml, scan, identifiers, sys.modules[__name__])
_LIBRARIES = ("nh3", "beautifulsoup4", "phonenumbers")


class Results:
    """The results one build may reuse, and those it used (kept for the next build)."""

    def __init__(self, folder, load):
        self.folder = folder
        self._kept = _read(folder / FILE_NAME) if folder and load else {}
        self._used = {}
        self._new = False

    def recall(self, key):
        """The stored value for `key`, or None."""
        value = self._used.get(key, self._kept.get(key))
        if value is not None:
            self._used[key] = value
        return value

    def remember(self, key, value):
        """Store a value (anything JSON can hold) for this build and the next."""
        self._used[key] = value
        self._new = True

    def save(self):
        """Write the results this build used, unless they are those it found."""
        if self.folder is None or (not self._new and self._used.keys() == self._kept.keys()):
            return
        try:
            _write_atomic(self.folder / FILE_NAME, {"format": FORMAT, "results": self._used})
        except OSError as error:
            # Only the next build's speed depends on the file.
            logger.warning("patient_privacy: could not save its cache in %s: %s", self.folder, error)


_build = None


def for_build(conf):
    """The results of the build under way, opened on first use."""
    global _build
    folder = _folder(conf)
    if _build is None or _build.folder != folder:
        finish()
        _build = Results(folder, load=bool(conf.get("LOAD_CONTENT_CACHE")))
    return _build


def finish():
    """Save the build's results and start afresh next build (the devserver rebuilds in one process)."""
    global _build
    if _build is not None:
        _build.save()
    _build = None


def clean(results, html, embeds):
    """markup.clean(html, embeds), reusing an earlier build's result."""
    if not html or "<" not in html:
        return markup.clean(html, embeds)
    return _reuse(results, _key("clean", html, embeds), lambda: markup.clean(html, embeds),
                  lambda cleaned: [cleaned[0], [dataclasses.astuple(removal) for removal in cleaned[1]]],
                  lambda stored: (_text(stored[0]), [markup.Removal(*_texts(removal, 3)) for removal in stored[1]]))


def findings(results, article, allowed):
    """The identifiers in the article that `allowed` does not cover (scan.found_in),
    reusing an earlier build's result."""
    texts = scan.read(article)
    return _reuse(results, _key("scan", texts, _state(allowed)), lambda: scan.found_in(texts, allowed),
                  lambda found: [dataclasses.astuple(finding) for finding in found],
                  lambda stored: [scan.Finding(*_texts(finding, 3)) for finding in stored])


def _reuse(results, key, compute, store, restore):
    """restore(what is stored under `key`), or compute() and store it.

    What cannot be restored (a file damaged on disk, say) is computed again:
    a cache never fails a build.
    """
    stored = results.recall(key)
    if stored is not None:
        try:
            return restore(stored)
        except (TypeError, ValueError, IndexError):
            pass
    value = compute()
    results.remember(key, store(value))
    return value


def _text(value):
    if not isinstance(value, str):
        raise TypeError(f"not a text: {value!r}")
    return value


def _texts(values, count):
    if not isinstance(values, list) or len(values) != count:
        raise ValueError(f"not {count} texts: {values!r}")
    return [_text(value) for value in values]


def _folder(conf):
    """Where results are kept, or None when they are not: Pelican keeps no content cache,
    or PRIVACY_CACHE is off."""
    name = settings.get(conf, "PRIVACY_CACHE")
    if not name or not conf.get("CACHE_CONTENT"):
        return None
    return Path(conf.get("CACHE_PATH") or "cache") / name


def _key(kind, *parts):
    """A sha256 of the code, the kind of result and everything it depends on."""
    text = json.dumps([_code(), kind, *parts], sort_keys=True, default=_json_ready)
    return hashlib.sha256(text.encode()).hexdigest()


def _state(allowed):
    """What a scan.Allowed holds, in a form that hashes the same every build."""
    return {name: _json_ready(value) for name, value in vars(allowed).items()}


def _json_ready(value):
    # Sets iterate in a different order in every process.
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    return value if isinstance(value, (str, int, float, bool, type(None), list, tuple, dict)) else repr(value)


@functools.cache
def _code():
    """A fingerprint of the code whose results are kept: any change to it is a new key."""
    digest = hashlib.sha256()
    for module in _CODE:
        digest.update(Path(module.__file__).read_bytes())
    for library in (*_LIBRARIES, "python"):
        version = platform.python_version() if library == "python" else importlib.metadata.version(library)
        digest.update(f"{library} {version}\n".encode())
    return digest.hexdigest()


def _read(path):
    """The results in a cache file; none when it is missing, unreadable or of another format."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("results"), dict):
        return {}
    return data["results"]


def _write_atomic(path, data):
    """Write JSON under a name of this process's own in the same folder, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
