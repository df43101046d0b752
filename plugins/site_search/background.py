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

All of it lives in the cache folder's .background/ folder: the claims,
each output's latest job, and the log of what the processes say (their
output is not the build's, which has returned).
"""

import fcntl
import hashlib
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
    with open(_folder(root) / LOCK, "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def hand_over(job):
    """Start the process that makes the index of `job` and copies it into `job["into"]`.

    `job` holds the documents ({save_as: html}), their key and language
    (pagefind_index.start), the cache folder, the output folder and the
    build's claim. It is saved beside the claim, where the process reads it:
    the build returns at once, without waiting for the process to start.
    """
    path = _job_path(job["cache"], job["into"])
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(job, handle)
    os.replace(temporary, path)
    environment = {**os.environ,
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(PLUGINS), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-c", f"import {__name__} as b; b.main()", str(path), job["claim"]]
    with open(log_path(job["cache"]), "ab") as log:
        subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                         env=environment, start_new_session=True)


def run(job, path):
    """Make the index of `job` (see hand_over), saved at `path`, unless a newer
    build claims its output first; the job is removed once its index is in place."""
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
        # A newer build claims the output before it saves its job, so a job
        # whose claim still holds is this one.
        if holds(root, into, token):
            indexing.finish(into)
            path.unlink(missing_ok=True)
        else:
            indexing.abandon()


def log_path(root):
    """The file the processes started by hand_over write their messages to."""
    return _folder(root) / LOG


def main():
    """The process hand_over starts: the job's file and claim as arguments, messages to the log."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    path, token = Path(sys.argv[1]), sys.argv[2]
    try:
        job = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        # A newer build's job replaced this one and is already done.
        return
    if job["claim"] == token:
        run(job, path)


def _folder(root):
    """The cache's .background/ folder, created if missing."""
    folder = Path(root) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _job_path(root, into):
    """The file holding the job of the latest build that handed one over for `into`."""
    return _claim_path(root, into).with_suffix(".job")


def _claim_path(root, into):
    """The file holding the latest claim on the output folder `into`."""
    name = hashlib.sha256(str(Path(into).resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(root) / FOLDER / CLAIMS / name
