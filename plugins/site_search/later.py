"""The devserver's search index, made by the devserver once the tab has reloaded.

A clinician previewing an edit waits for the page, not for the search:
Pagefind has no incremental mode and indexes every page again after any
change, seconds on a large site. So when SEARCH_INDEX_LATER names a folder
(the devserver gives one of its own), a build whose bundle is not in the
cache writes what Pagefind needs there (`leave`) instead of running it, and
ends once the pages are written. The devserver, which runs one build at a
time, then starts Pagefind on it (`start`) after it has reloaded the tab,
and stops it (`Pending.abandon`) before it starts the next build; nothing
else ever writes the same output folder while it runs.
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .bundle_cache import BundleCache
from .pagefind_index import Indexing, index

# What the last build left for Pagefind: its documents, their key and
# language, the cache folder and the output folder the bundle goes to.
JOB = "search-index.json"


def clear(folder):
    """Forget what an earlier build left in `folder`: this build leaves its own, or nothing."""
    (Path(folder) / JOB).unlink(missing_ok=True)


def leave(folder, documents, key, language, cache, into):
    """Save in `folder` what start() needs to make the index of `documents` into `into`."""
    path = Path(folder) / JOB
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{JOB}.{os.getpid()}")
    temporary.write_text(json.dumps({"documents": documents, "key": key, "language": language,
                                     "cache": str(cache), "into": str(into)}), encoding="utf-8")
    os.replace(temporary, path)


@dataclass
class Pending:
    """Pagefind making the index of the last build, and where the bundle goes."""

    indexing: Indexing
    into: Path
    pages: int

    def running(self):
        """True while Pagefind runs."""
        return self.indexing.running()

    def finish(self):
        """Wait for Pagefind, cache its bundle and copy it into the output."""
        self.indexing.finish(self.into)

    def abandon(self):
        """Stop Pagefind and drop its work."""
        self.indexing.abandon()


def start(folder):
    """Start Pagefind on what the last build left in `folder`; a Pending, or None
    when it left nothing (its index came from the cache, or it failed early)."""
    path = Path(folder) / JOB
    try:
        job = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    path.unlink()
    cache = BundleCache(job["cache"])
    return Pending(index(job["documents"], job["key"], cache, job["language"]), Path(job["into"]),
                   len(job["documents"]))
