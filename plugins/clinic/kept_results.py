"""Results a build step keeps for the next build, so a rebuild redoes only what changed.

A step that does the same costly work on unchanged input every build (feed
HTML, sanitising, the identifier scan) keeps each result under a sha256 of
exactly what it depends on. The file also holds a fingerprint of the code
that made the results (its modules' source and the versions of the libraries
and of Python they use): a file made by other code is ignored, so a stale
result is never used and output is the same warm or cold.

Only the results the last build used are kept, in one JSON file, written
under a temporary name and renamed into place so that two builds at once
never leave half a file (the last to finish wins). Its first line is the
sha256 of the JSON after it: a file cut short, garbled or emptied on disk
is not used, with one warning, and the results are made again. Like Pelican's content
cache, results are kept only with CACHE_CONTENT and read only with
LOAD_CONTENT_CACHE (`pelican --ignore-cache` turns that off).
"""

import hashlib
import importlib.metadata
import json
import logging
import os
import platform
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

# Raised when the file's layout changes, so an older file is not misread.
FORMAT = 2


def code_fingerprint(modules, libraries):
    """A sha256 of the modules' source and the versions of `libraries` and Python."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(Path(module.__file__).read_bytes())
    for library in libraries:
        digest.update(f"{library} {importlib.metadata.version(library)}\n".encode())
    digest.update(f"python {platform.python_version()}\n".encode())
    return digest.hexdigest()


def key(*parts):
    """A sha256 of everything a result depends on (text, numbers, lists)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def path_for(conf, name, file_name):
    """The file a step keeps results in, below CACHE_PATH; None when nothing is kept
    (Pelican keeps no content cache, or the step's cache setting `name` is empty)."""
    if not name or not conf.get("CACHE_CONTENT"):
        return None
    return Path(conf.get("CACHE_PATH") or "cache") / name / file_name


class KeptResults:
    """The results one build may reuse, and those it used (kept for the next build)."""

    def __init__(self, path, code, load):
        self.path = path
        self.code = code
        self._kept = self._read() if path and load else {}
        self._used = {}
        self._new = False

    def recall(self, key):
        """The value an earlier build (or this one) kept under `key`, or None."""
        value = self._used.get(key, self._kept.get(key))
        if value is not None:
            self._used[key] = value
        return value

    def remember(self, key, value):
        """Keep a value (anything JSON can hold) for this build and the next."""
        self._used[key] = value
        self._new = True

    def save(self, owner):
        """Write what this build used, unless the file holds just that already."""
        if self.path is None or (not self._new and self._used.keys() == self._kept.keys()):
            return
        try:
            self._write({"format": FORMAT, "code": self.code, "results": self._used})
        except OSError as error:
            # Only the next build's speed depends on the file.
            logger.warning("%s: could not save its cache in %s: %s", owner, self.path, error)

    def _read(self):
        try:
            kept = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as error:
            return self._damaged(error)
        digest, _, body = kept.partition(b"\n")
        if digest.startswith(b"{"):
            # Written before files carried their sha256: made by other code, so not used.
            return {}
        try:
            if hashlib.sha256(body).hexdigest().encode() != digest:
                raise ValueError("its contents do not match their sha256")
            data = json.loads(body)
        except ValueError as error:
            return self._damaged(error)
        if (not isinstance(data, dict) or data.get("format") != FORMAT or data.get("code") != self.code
                or not isinstance(data.get("results"), dict)):
            return {}
        return data["results"]

    def _damaged(self, error):
        logger.warning("The cache file %s was damaged (%s); it was not used, and this build "
                       "makes its results again.", self.path, error)
        return {}

    def _write(self, data):
        """Write the JSON a piece at a time, then its sha256 over the placeholder line
        left for it: the results are megabytes, and the JSON whole (as text, then as
        bytes, then after its digest) would be three more copies of them."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            digest = hashlib.sha256()
            encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
            with os.fdopen(handle, "wb") as file:
                file.write(b"0" * digest.digest_size * 2 + b"\n")
                for piece in encoder.iterencode(data):
                    piece = piece.encode("utf-8")
                    digest.update(piece)
                    file.write(piece)
                file.seek(0)
                file.write(digest.hexdigest().encode())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
