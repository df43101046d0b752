"""Converting a cold build's Markdown in another process while the build goes on.

A cold build spends about half its reading time in Python-Markdown (some
6.6 ms a file at a thousand articles), and as long again on what follows
each file in the building process (Pelican's objects, sanitising, the
body's facts), one file after the other on one core. When many files must
be read (no content cache, or one that no longer holds), worker processes
forked from the build convert them in the order Pelican reads them, and the
reader takes each file's HTML and header from them instead of converting it
itself. A worker's result is used only for the very bytes the reader read
(sha256 checked); for any other file, or when a worker failed, the reader
converts as before. A build with only a few files to read (an edit) does not
start a worker: forking one costs more than it saves.

Settings: READ_AHEAD_WORKERS (settings.py).
"""

import hashlib
import os
from pathlib import Path

from markdown import Markdown
from pelican.readers import MarkdownReader

from clinic import workers

from . import settings, typed

# Fewer files to read than this, and the build converts them itself.
MIN_FILES = 50

_markdown = None
_started = None


def convert(md, text):
    """(HTML, header fields) of cleaned Markdown `text`, by the Markdown `md` reset first.

    The one way the reader and the workers convert a file.
    """
    md.reset()
    html = md.convert(text)
    return html, getattr(md, "Meta", {})


def _start_worker(markdown_settings):
    """In a worker: the Markdown it converts every file with."""
    global _markdown
    _markdown = Markdown(**markdown_settings)


def _read(path):
    """In a worker: (sha256 of the file's bytes, HTML, header fields)."""
    raw = Path(path).read_bytes()
    text, _ = typed.clean(raw.decode("utf-8"))
    return (hashlib.sha256(raw).digest(), *convert(_markdown, text))


class _Started:
    """The workers of one build and the files handed to them, by path as the reader is given it."""

    def __init__(self, paths, count, markdown_settings):
        self.pool = workers.pool(count, _start_worker, (markdown_settings,))
        self.jobs = {path: self.pool.submit(_read, path) for path in paths}

    def take(self, path, raw):
        """The worker's (HTML, header fields) for `path`, if it converted exactly `raw`; else None."""
        job = self.jobs.pop(path, None)
        if not self.jobs:
            self.pool.shutdown(wait=False)
        if job is None:
            return None
        try:
            digest, html, meta = job.result()
        except Exception:  # the reader converts the file itself, and meets the same problem there
            return None
        return (html, meta) if digest == hashlib.sha256(raw).digest() else None

    def stop(self):
        self.pool.shutdown(wait=False, cancel_futures=True)


def start(generator):
    """Hand the articles Pelican is about to read, and has not cached, to workers (article_generator_init)."""
    global _started
    stop(generator)
    count = settings.read_ahead_workers(generator.settings)
    if not count:
        return
    paths = []
    for name in generator.get_files(generator.settings["ARTICLE_PATHS"],
                                    exclude=generator.settings["ARTICLE_EXCLUDES"]):
        path = os.path.abspath(os.path.join(generator.path, name))
        if (path.rpartition(".")[2] in MarkdownReader.file_extensions
                and generator.readers.get_cached_data(path, None) is None):
            paths.append(path)
    if len(paths) >= MIN_FILES:
        _started = _Started(paths, count, generator.settings["MARKDOWN"])


def take(path, raw):
    """What a worker made of the file at `path`, if it read exactly `raw`: (HTML, header fields), else None."""
    return _started.take(path, raw) if _started is not None else None


def stop(_generator=None):
    """Let the workers go once Pelican has read every article (article_generator_pretaxonomy)."""
    global _started
    if _started is not None:
        _started.stop()
    _started = None
