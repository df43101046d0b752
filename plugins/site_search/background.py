"""The search index made after the build has returned (SEARCH_INDEX_WAIT = False).

A clinician previewing an edit waits for the pages, not for the search:
Pagefind has no incremental mode and indexes every page again after any
change, seconds on a large site. So the devserver's builds hand the
documents to a process of their own (hand_over), which runs Pagefind,
keeps the bundle in the cache and copies it into output/pagefind/. The
search page catches up a few seconds after the page has reloaded.

Every build that puts an index into an output folder first claims that
folder (claim): a token in the cache, one file per output folder. A
process whose claim a newer build has replaced stops its Pagefind and
copies nothing, so an older index never lands over a newer one and two
builds' Pagefind runs do not compete for the cores. Bundles are copied
under a lock (copying), so a claim checked before a copy still holds
until the copy is done.

All of it lives in the cache folder's .background/ folder, with the log
of what the processes say: their output is not the build's, which has
returned.
"""

import fcntl
import hashlib
import io
import json
import logging
import os
import secrets
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

PLUGINS = Path(__file__).resolve().parent.parent
# Below the cache folder, beside the bundles: claims, lock and log.
FOLDER = ".background"
CLAIMS = "claims"
LOCK = "copy.lock"
LOG = "log"
# How often the process looks whether a newer build has claimed the output.
POLL_SECONDS = 0.1


def claim(root, into):
    """Make the next index copied into the folder `into` this build's; return the claim's token."""
    path = _claim_path(root, into)
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(16)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(token, encoding="utf-8")
    os.replace(temporary, path)
    return token


def holds(root, into, token):
    """True while no build has claimed the folder `into` after the claim `token`."""
    try:
        return _claim_path(root, into).read_text(encoding="utf-8") == token
    except OSError:
        return False


@contextmanager
def copying(root):
    """Hold the cache's lock for copying a bundle into an output folder."""
    folder = Path(root) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK, "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def hand_over(job):
    """Start the process that makes the index of `job` and copies it into `job["into"]`.

    `job` holds the documents ({save_as: html}), their key and language
    (pagefind_index.start), the cache folder, the output folder and the
    build's claim. The process gets it on its standard input.
    """
    environment = {**os.environ,
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(PLUGINS), os.environ.get("PYTHONPATH")]))}
    # The job is read before anything is imported: the build writing it is
    # held up until the other end of the pipe has read it all.
    command = [sys.executable, "-c",
               f"import json, sys; job = json.load(sys.stdin.buffer); import {__name__} as b; b.main(job)"]
    with open(log_path(job["cache"]), "ab") as log:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
                                   env=environment, start_new_session=True)
    with io.TextIOWrapper(process.stdin, encoding="utf-8") as pipe:
        json.dump(job, pipe)


def run(job):
    """Make the index of `job` (see hand_over) unless a newer build claims its output first."""
    from site_search import pagefind_index
    from site_search.bundle_cache import BundleCache

    root, into, token = Path(job["cache"]), Path(job["into"]), job["claim"]
    if not holds(root, into, token):
        return
    indexing = pagefind_index.index(job["documents"], job["key"], BundleCache(root), job["language"])
    while indexing.running():
        if not holds(root, into, token):
            indexing.abandon()
            logging.info("Search index: a newer build took over; stopped")
            return
        time.sleep(POLL_SECONDS)
    with copying(root):
        if holds(root, into, token):
            indexing.finish(into)
        else:
            indexing.abandon()


def log_path(root):
    """The file the processes started by hand_over write their messages to."""
    folder = Path(root) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder / LOG


def main(job):
    """The process hand_over starts, given the job it read: messages go to the log."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    run(job)


def _claim_path(root, into):
    """The file holding the latest claim on the output folder `into`."""
    name = hashlib.sha256(str(Path(into).resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(root) / FOLDER / CLAIMS / name
