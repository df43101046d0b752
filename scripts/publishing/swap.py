"""Put a freshly built site in place of the published one in a single step.

A publish builds into a staging folder beside the output folder (same parent,
so the same filesystem: rename(2) cannot cross filesystems) and, only when the
whole build and every check succeeded, swaps it in.

Why renameat2(RENAME_EXCHANGE): rename(2) cannot replace a directory that is
not empty, so the classic swap takes two renames (output → aside, staging →
output) and for a moment there is no output folder at all; a web server
serving it answers 404 in that moment, and a crash between the two renames
leaves no site. RENAME_EXCHANGE (Linux 3.15+, glibc 2.28+) swaps the two names
in one system call: every reader sees either the whole old tree or the whole
new one, never neither and never a mix. Python has no binding for it, hence
ctypes.

Where the kernel, the filesystem (some network and FUSE filesystems) or the C
library lacks it, the two renames are the fallback. The gap is then a few
microseconds, and `recover` puts the old tree back if a publish was killed
inside it.

A symbolic link switched between two trees would also be atomic, but output/
would then no longer be a plain folder, which `make serve`, rsync and
ghp-import all expect.
"""

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from . import interrupts

AT_FDCWD = -100
RENAME_EXCHANGE = 1 << 1
# The errors that mean "this system cannot exchange", not "this swap failed".
UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP}


# Beside the output folder: the pid of the publish holding the lock, while it does.
HOLDER = ".publish-lock-holder"


class Busy(Exception):
    """Another publish into the same folder is running."""


def staging_prefix(output):
    """The name every staging folder of `output` starts with."""
    return f".{output.name}-staging-"


def new_staging(output):
    """A new, empty folder beside `output` for one publish to build into.

    Each publish gets its own: a build orphaned by a publish killed outright
    (SIGKILL) can only ever write into its own folder, never into the next
    publish's.
    """
    return Path(tempfile.mkdtemp(prefix=staging_prefix(output), dir=output.parent))


def make_readable(tree):
    """Give every folder of `tree` mode 0755 and every file 0644, the tree itself included.

    mkdtemp makes the staging folder 0700 and the build's files follow the
    publishing account's umask, but the web server usually runs as another
    user: it must be able to read everything, and nobody else to write.
    """
    tree = Path(tree)
    tree.chmod(0o755)
    for parent, folders, files in os.walk(tree):
        for name in folders:
            os.chmod(os.path.join(parent, name), 0o755)
        for name in files:
            os.chmod(os.path.join(parent, name), 0o644)


def retired_for(output):
    """Where the fallback swap moves the old tree for a moment."""
    return output.parent / f".{output.name}-previous"


@contextmanager
def exclusive(directory):
    """Hold a lock on `directory` for the duration, or raise Busy; yields a note or None.

    flock on the folder itself: the kernel releases it when the process
    dies, however it dies. The holder's pid is written beside it, so that a
    publish taking over the lock of one that was killed says so (the note).
    """
    descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    holder = Path(directory) / HOLDER
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(directory) from None
        note = _taken_over(holder)
        holder.write_text(str(os.getpid()), encoding="utf-8")
        try:
            yield note
        finally:
            holder.unlink(missing_ok=True)
    finally:
        os.close(descriptor)


def _taken_over(holder):
    """The note to print if `holder` names a publish that stopped without finishing."""
    try:
        pid = holder.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return f"Took over the publish lock from process {pid}, which stopped without finishing its publish."


def recover(output):
    """Tidy what a publish that was killed outright left; return what was done.

    A killed build leaves its staging folder; a publish killed between the
    fallback's two renames leaves the old tree aside and no output: put it
    back, so the site is as it was before that publish.
    """
    notes = []
    retired = retired_for(output)
    if retired.exists() and not output.exists():
        os.rename(retired, output)
        notes.append(f"Restored {output.name}/, which an interrupted publish had moved aside.")
    leftovers = sorted(output.parent.glob(staging_prefix(output) + "*"))
    for leftover in [*leftovers, retired]:
        if leftover.exists():
            shutil.rmtree(leftover)
            notes.append(f"Removed {leftover.name}/, left by an interrupted publish.")
    return notes


def exchange(first, second):
    """Swap two paths in one step; False if this system cannot, so nothing moved."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), os.fspath(first), None, os.fspath(second))


def swap_in(staging, output):
    """Make `staging` the new `output`; return the folder now holding the old tree, if any.

    The caller deletes that folder; until then the old tree is intact.
    """
    staging, output = Path(staging), Path(output)
    if not output.exists():
        os.rename(staging, output)
        return None
    if exchange(staging, output):
        interrupts.pause_point("swap")
        return staging
    retired = retired_for(output)
    os.rename(output, retired)
    interrupts.pause_point("swap")
    try:
        os.rename(staging, output)
    except OSError:
        os.rename(retired, output)
        raise
    return retired
