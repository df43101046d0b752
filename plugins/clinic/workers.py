"""Worker processes forked from the build, for the plugins' work that is the same function of many inputs.

Forked, not spawned: a worker starts at once with the build's settings and
imports as they are, and receives them without pickling. Each worker dies
with the build (Linux's parent-death signal), so a build killed outright
never leaves one behind, still reading or writing.
"""

import contextlib
import ctypes
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1


def cores():
    """The machine's cores."""
    return os.cpu_count() or 1


def spare_cores():
    """The cores left once the build's own process has one (0 on a one-core machine)."""
    return cores() - 1


def pool(workers, initializer=None, initargs=()):
    """A ProcessPoolExecutor of `workers` forked processes, each running initializer(*initargs) first."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start, initargs=(os.getpid(), initializer, initargs))


def _start(parent, initializer, initargs):
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        # The build died before the line above took effect.
        os._exit(1)
    if initializer is not None:
        initializer(*initargs)
