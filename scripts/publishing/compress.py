"""Pre-compressed copies beside text files, for servers that send them as they are.

nginx (gzip_static, brotli_static), Caddy (file_server precompressed) and
Apache (with a rewrite rule) send page.html.br or page.html.gz to a browser
that accepts it, instead of compressing the page on every request.

The bytes are reproducible, like the rest of the output: the gzip header has
no file name and a zero timestamp, and brotli's output depends only on the
input and the quality. A copy that would not be smaller than its original is
not written, and the server sends the original.
"""

import gzip
import hashlib
import os
import signal
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import brotli

from . import interrupts

TEXT_SUFFIXES = frozenset(
    {".html", ".css", ".js", ".xml", ".json", ".txt", ".svg", ".xsl", ".webmanifest"}
)


def gzip_bytes(data):
    """gzip at the highest level, with no file name and mtime 0."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_bytes(data):
    """Brotli at the highest quality, tuned for UTF-8 text."""
    return brotli.compress(data, mode=brotli.MODE_TEXT, quality=11)


ENCODINGS = ((".gz", gzip_bytes), (".br", brotli_bytes))
DECODERS = {".gz": gzip.decompress, ".br": brotli.decompress}
# Cache entries unused for this long are deleted: the cache holds about one site.
CACHE_DAYS = 30


class Cache:
    """Compressed bytes by the SHA-256 of the original, kept between publishes.

    Brotli at quality 11 manages about a megabyte a second, and a publish
    changes few files: the output being reproducible, every other file has
    the bytes it had last time, so its copies are read back, not redone.
    The folder's name carries the library versions that made the entries.
    """

    def __init__(self, folder):
        self.folder = Path(folder) / f"brotli-{brotli.__version__}-zlib-{zlib.ZLIB_RUNTIME_VERSION}"
        self.folder.mkdir(parents=True, exist_ok=True)

    def encoded(self, data, suffix, encode):
        """(encode(data), whether a damaged cache entry had to be made again).

        An entry is used only if it decodes to exactly `data`: one truncated,
        garbled or emptied (a full disk, a crash of another tool) is made
        again rather than published, as a server would send it as it is.
        """
        entry = self.folder / (hashlib.sha256(data).hexdigest() + suffix)
        try:
            packed = entry.read_bytes()
        except FileNotFoundError:
            damaged = False
        else:
            if _decodes_to(packed, suffix, data):
                os.utime(entry)
                return packed, False
            damaged = True
        packed = encode(data)
        # Renamed into place: an entry is whole or absent, even with two publishes at once.
        unfinished = entry.with_name(f"{entry.name}.{os.getpid()}")
        unfinished.write_bytes(packed)
        unfinished.replace(entry)
        return packed, damaged

    def prune(self):
        """Delete the entries no publish has used for CACHE_DAYS."""
        limit = time.time() - CACHE_DAYS * 24 * 3600
        for entry in self.folder.iterdir():
            if entry.stat().st_mtime < limit:
                entry.unlink(missing_ok=True)


def _decodes_to(packed, suffix, data):
    """True if `packed` is a whole, sound `suffix` stream of exactly `data`."""
    try:
        return DECODERS[suffix](packed) == data
    except (OSError, EOFError, zlib.error, brotli.error):
        return False


@dataclass
class Totals:
    """What a run compressed: files, copies written, and bytes before and after brotli."""

    files: int = 0
    copies: int = 0
    original_bytes: int = 0
    brotli_bytes: int = 0
    # Cache entries that did not decode to their original, made again.
    damaged: int = 0

    def warning(self):
        """The one line saying damaged cache entries were made again, or None."""
        if not self.damaged:
            return None
        return (
            f"Warning: {self.damaged} cached compressed copies were damaged (truncated or "
            "garbled); they were made again and the damaged ones replaced."
        )

    def __str__(self):
        saved = 100 - round(100 * self.brotli_bytes / self.original_bytes) if self.original_bytes else 0
        return (
            f"Compressed {self.files} text files into {self.copies} .gz/.br copies "
            f"(brotli saves {saved}%)."
        )


def compress_file(path, cache=None):
    """Write path.gz and path.br when smaller.

    Returns (copies written, size, brotli size, damaged cache entries replaced).
    """
    path = Path(path)
    data = path.read_bytes()
    copies, smallest_brotli, damaged = 0, len(data), 0
    for suffix, encode in ENCODINGS:
        packed, replaced = cache.encoded(data, suffix, encode) if cache else (encode(data), False)
        damaged += replaced
        if len(packed) < len(data):
            path.with_name(path.name + suffix).write_bytes(packed)
            copies += 1
            if suffix == ".br":
                smallest_brotli = len(packed)
    return copies, len(data), smallest_brotli, damaged


def text_files(root):
    """Every file under `root` that servers may send compressed, in a stable order."""
    return sorted(
        path for path in Path(root).rglob("*")
        if path.suffix in TEXT_SUFFIXES and path.is_file()
    )


def _start_worker(parent):
    """Set up a worker: it ignores Ctrl-C, and dies when the publish does."""
    # Ctrl-C reaches the whole process group; only the publish itself decides
    # how to stop, and it waits for these workers to finish their file.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    interrupts.die_with_parent(parent)


def precompress(root, cache=None):
    """Compress every text file under `root`, over all cores; return the Totals.

    Brotli at quality 11 holds the GIL, so threads would not help: processes
    do. With a Cache, files compressed by an earlier publish are not redone.
    """
    files = text_files(root)
    totals = Totals(files=len(files))
    pool = ProcessPoolExecutor(max_workers=os.cpu_count(), initializer=_start_worker,
                               initargs=(os.getpid(),))
    try:
        for copies, size, packed, damaged in pool.map(partial(compress_file, cache=cache), files, chunksize=16):
            totals.damaged += damaged
            totals.copies += copies
            totals.original_bytes += size
            totals.brotli_bytes += packed
            interrupts.pause_point("compression")
    finally:
        pool.shutdown(cancel_futures=True)
    if cache:
        cache.prune()
    return totals
