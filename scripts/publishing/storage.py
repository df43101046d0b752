"""Why a publish could not write, said so that the person publishing can act on it.

A full disk, a read-only mount or a folder the account may not write in
fails a publish from wherever the first write happens (the lock, Pelican,
a plugin, the compression), and an OSError's own words name a staging
file nobody knows about. These three are told apart from other errors, in
one sentence naming the folder the site is published in.

No relative imports: scripts/publishing/pelican_run.py, run as a script,
imports this module as a top-level one.
"""

import errno
from pathlib import Path

FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
READ_ONLY = frozenset({errno.EROFS})
DENIED = frozenset({errno.EACCES, errno.EPERM})


def cannot_write(error):
    """True if `error` says the disk is full, read-only, or not ours to write."""
    return isinstance(error, OSError) and error.errno in FULL | READ_ONLY | DENIED


def explain(error, folder):
    """What went wrong writing, and what to do: one sentence, no full stop.

    `folder` is the one the site is published in; it is named when the
    failing file is inside it (a staging file, the lock), and otherwise the
    failing file's own folder is (a cache).
    """
    # A copy's error names its source first and its target second (shutil): the target failed.
    written = error.filename2 or error.filename
    failed = Path(written).resolve() if written else None
    if failed is not None and Path(folder).resolve() not in failed.parents:
        folder = failed.parent
    if error.errno in FULL:
        return (f"the disk holding {folder} is full (no space left on device) — free some space "
                "there, or publish to a larger disk, then publish again")
    if error.errno in READ_ONLY:
        return (f"{folder} is on a read-only file system — mount it read-write, or publish into "
                "a folder that can be written, then publish again")
    if error.errno in DENIED:
        return (f"this account may not write in {folder} — give it write access there, or "
                "publish into a folder it owns, then publish again")
    return f"{error.strerror or error} ({error.filename or folder})"
