"""Drawing a build's cards in parallel, through a cache, into the output.

A card's image depends only on its digest (card.CardText.digest), so the
cache is a folder of `<digest>.png` and one manifest, `cards.json`, giving
each image's sha256 and the characters no font could draw (so a reused card
still warns). Cards not
in the cache are drawn by a pool of processes as soon as there are more than
a few of them, while Pelican goes on writing pages; a build that only needs
a few (one article edited) draws them itself when `Batch.start` is called,
because starting the pool costs more than they do. `Batch.finish` waits for
the drawings, copies every card into the output's card folder, removes images there that no card uses any
more, and deletes cache entries no build has used for a while.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from clinic.files import write_atomic
from clinic.progress import track
from clinic.workers import spare_cores

from .describe import Card

# At most this many cards are drawn in the building process rather than by a
# pool. A card takes ~15 ms (the first ~50 ms more, to load its fonts), while
# a pool costs 0.2-0.5 s of CPU before it draws anything: forking a large
# Pelican process, whose memory pages are then copied as it goes on writing,
# and loading the fonts again in each worker.
IN_PROCESS_MAX = 4

# Workers start from a fork server, not by forking the build: libvips (which
# sets the text) keeps threads and locks that a fork copies mid-use, so a
# child forked from a process that has drawn a card can hang on its first
# card. The fork server itself never draws; it imports the drawing code once
# (importing libvips is safe to fork, drawing is not), so workers start with it imported.
# (Before Python 3.12.8 and 3.13.1 the fork server ignores the build's
# sys.path, cpython#117378, so it imports neither and each worker imports
# them with its first card.)
# The build's own process imports the drawing code only when it draws a card
# itself (draw_into_cache): libvips takes some 13 MB, and a build whose cards
# are reused or drawn by the pool never needs it.
_POOL_CONTEXT = multiprocessing.get_context("forkserver")
_POOL_CONTEXT.set_forkserver_preload([__name__, f"{__package__}.render"])


MANIFEST = "cards.json"


def draw_into_cache(text, layout: dict, cache: str, digest: str) -> dict:
    """Draw one card into the cache (runs in a worker process); its manifest record.

    The image is written by an atomic rename, so a crash never leaves half a
    file under its name; the record (the image's sha256, which every later
    use checks, and the characters no font had) reaches the manifest when the
    build finishes, and an image without one is drawn again.
    """
    from .render import render_card  # libvips: see _POOL_CONTEXT

    png, missing = render_card(text, layout)
    write_atomic(Path(cache) / f"{digest}.png", png)
    return {"missing": missing, "sha256": hashlib.sha256(png).hexdigest()}


def _draw_here(card: Card, cache: Path) -> Future:
    """Draw one card into the cache in this process; its outcome as a finished Future.

    A failure is kept in the Future, as the pool would keep it, so it is
    reported with the card rather than stopping the build.
    """
    future: Future = Future()
    try:
        future.set_result(draw_into_cache(card.text, card.layout, str(cache), card.digest))
    except Exception as error:  # whatever it is, the pool would have kept it too
        future.set_exception(error)
    return future


def _read_manifest(cache: Path) -> tuple[dict, bool]:
    """(the cache's records by digest, whether the manifest was damaged)."""
    try:
        records = json.loads((cache / MANIFEST).read_bytes())
    except FileNotFoundError:
        return {}, False
    except (OSError, ValueError):
        return {}, True
    if not isinstance(records, dict) or not all(_sound(record) for record in records.values()):
        return {}, True
    return records, False


def _sound(record) -> bool:
    return (isinstance(record, dict) and isinstance(record.get("sha256"), str)
            and isinstance(record.get("missing"), list) and all(isinstance(ch, str) for ch in record["missing"]))


@dataclass
class Outcome:
    """What a batch did: counts for the report line, and findings per card."""

    rendered: int = 0
    reused: int = 0
    # cached images that did not match their recorded sha256, drawn again
    damaged: int = 0
    # whether the cache's manifest was unreadable (every card was drawn again)
    damaged_manifest: bool = False
    # (card, characters no font has), for cards with any
    missing: list = field(default_factory=list)
    # (card, exception), for cards that could not be drawn
    failed: list = field(default_factory=list)


class Batch:
    """The cards of one build, drawn as they are added (or at `start`) and written by `finish`."""

    def __init__(self, cache: Path, workers: int, cache_days: int):
        """cache: the cache folder; workers: pool size (0: one per core the build leaves)."""
        self.cache = Path(cache)
        # The build's own process goes on writing pages meanwhile: with a worker
        # on every core, each would slow it.
        self.workers = workers or max(1, spare_cores())
        self.cache_days = cache_days
        self.cards: list[Card] = []
        self._jobs: dict[str, Future] = {}
        # cards to draw that are not started yet, by digest
        self._waiting: dict[str, Card] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._damaged = 0
        self._records, self._damaged_manifest = _read_manifest(self.cache)
        self._read = dict(self._records)

    def _cached(self, digest: str) -> bool:
        """Whether the cache holds the card's image, sound, and its record.

        An image that does not match the sha256 in its record (truncated,
        garbled, emptied) is counted as damaged and drawn again: it is never
        published.
        """
        record = self._records.get(digest)
        if record is None:
            return False
        try:
            image = (self.cache / f"{digest}.png").read_bytes()
        except FileNotFoundError:
            return False
        except OSError:
            image = b""
        if record["sha256"] != hashlib.sha256(image).hexdigest():
            self._damaged += 1
            del self._records[digest]
            return False
        return True

    def add(self, card: Card) -> None:
        """Take a card into the build; unless the cache has it, it is to be drawn.

        Drawing starts in the pool as soon as more than IN_PROCESS_MAX
        cards wait; fewer wait for `start`.
        """
        self.cards.append(card)
        if card.digest in self._jobs or card.digest in self._waiting or self._cached(card.digest):
            return
        self._waiting[card.digest] = card
        if self._pool is not None or len(self._waiting) > IN_PROCESS_MAX:
            self._submit_waiting()

    def start(self) -> None:
        """Start drawing every waiting card: here and now if only a few wait, else in the pool."""
        if not self._waiting:
            return
        if self._pool is None and len(self._waiting) <= IN_PROCESS_MAX:
            self.cache.mkdir(parents=True, exist_ok=True)
            for digest, card in self._waiting.items():
                self._jobs[digest] = _draw_here(card, self.cache)
            self._waiting.clear()
        else:
            self._submit_waiting()

    def _submit_waiting(self) -> None:
        """Hand every waiting card to the pool, starting the pool if need be."""
        if self._pool is None:
            self.cache.mkdir(parents=True, exist_ok=True)
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_POOL_CONTEXT)
        for digest, card in self._waiting.items():
            self._jobs[digest] = self._pool.submit(
                draw_into_cache, card.text, card.layout, str(self.cache), digest)
        self._waiting.clear()

    def abandon(self) -> None:
        """Stop drawing (an earlier build of the same process never finished)."""
        self._waiting.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _wait(self) -> dict[str, BaseException]:
        """Wait for every drawing, with progress on a terminal; the failures by digest."""
        digests = {future: digest for digest, future in self._jobs.items()}
        failures = {}
        for future in track(as_completed(digests), "share cards", total=len(digests)):
            if future.exception() is not None:
                failures[digests[future]] = future.exception()
            else:
                self._records[digests[future]] = future.result()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        return failures

    def finish(self, output: Path, card_dir: str) -> Outcome:
        """Wait for the drawings and put every card in output/card_dir.

        Fills in each card's `length`; removes images in the card folder
        that no card of this build uses, and stale cache entries.
        """
        self.start()
        failures = self._wait()
        outcome = Outcome(rendered=len(self._jobs) - len(failures), damaged=self._damaged,
                          damaged_manifest=self._damaged_manifest)
        folder = Path(output) / card_dir
        folder.mkdir(parents=True, exist_ok=True)
        now = time.time()
        for card in self.cards:
            if card.digest in failures:
                outcome.failed.append((card, failures[card.digest]))
                continue
            if card.digest not in self._jobs:
                outcome.reused += 1
            source = self.cache / f"{card.digest}.png"
            target = Path(output) / card.path
            data = source.read_bytes()
            _place(data, target)
            card.facts["length"] = len(data)
            # a used entry is fresh, whatever its age
            os.utime(source, (now, now))
            missing = self._records[card.digest]["missing"]
            if missing:
                outcome.missing.append((card, missing))
        _remove_unused(folder, {Path(card.path).name for card in self.cards})
        kept = _prune_cache(self.cache, now - self.cache_days * 86400)
        records = {digest: self._records[digest] for digest in sorted(kept & self._records.keys())}
        if records != self._read or self._damaged_manifest:
            write_atomic(self.cache / MANIFEST, json.dumps(records, ensure_ascii=False).encode())
        return outcome


def _place(data: bytes, target: Path) -> None:
    """Put a card's image in the output as a file of its own, unless it holds those bytes already.

    Never a hard link to the cache's file: the output would then change
    whenever the cache does, and a damaged cache entry would be published.
    """
    try:
        if target.read_bytes() == data:
            return
    except FileNotFoundError:
        pass
    target.unlink(missing_ok=True)
    target.write_bytes(data)


def _remove_unused(folder: Path, names: set[str]) -> None:
    """Delete the files in the card folder that no current card uses."""
    for path in folder.iterdir():
        if path.is_file() and path.name not in names:
            path.unlink()


def _prune_cache(cache: Path, cutoff: float) -> set[str]:
    """Delete the cached images no build has used since `cutoff`; the digests of those kept."""
    kept = set()
    for image in cache.glob("*.png"):
        if image.stat().st_mtime < cutoff:
            image.unlink(missing_ok=True)
        else:
            kept.add(image.stem)
    return kept
