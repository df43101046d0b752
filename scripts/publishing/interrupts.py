"""Ctrl-C and SIGTERM during a publish: stop cleanly, or not at all.

Until the swap, either signal raises `Interrupted`, so the publish stops the
build, removes its staging folder, says output/ was left as it was, and exits
with 128 + the signal's number, as shells expect. During the swap the signals
are only recorded (`held`): a publish is never stopped between starting the
swap and finishing it.

`pause_point` is for the fault tests only (tests/test_publish_faults.py):
to kill a publish at a known stage rather than at a moment picked by a
clock, they set CLINIC_PUBLISH_PAUSE=STAGE:FILE, and the process reaching
that stage writes its pid into FILE and waits there for its signal. Unset,
as it always is outside those tests, it does nothing.
"""

import contextlib
import ctypes
import os
import signal
from contextlib import contextmanager
from pathlib import Path

SIGNALS = (signal.SIGINT, signal.SIGTERM)
PAUSE_VARIABLE = "CLINIC_PUBLISH_PAUSE"
# The stages a publish can be paused at, in the order a publish reaches them.
STAGES = ("pelican", "linkcheck", "compression", "swap")
PR_SET_PDEATHSIG = 1


class Interrupted(BaseException):
    """A stop request; a BaseException so that no `except Exception` swallows it."""

    def __init__(self, signum):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self):
        """The status a shell reports for a command stopped by this signal."""
        return 128 + self.signum


def _raise(signum, frame):
    raise Interrupted(signum)


@contextmanager
def _handled_by(handler):
    previous = {signum: signal.signal(signum, handler) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


@contextmanager
def raised():
    """Within the block, SIGINT and SIGTERM raise Interrupted."""
    with _handled_by(_raise):
        yield


@contextmanager
def held():
    """Within the block, SIGINT and SIGTERM are only recorded; yields their list."""
    arrived = []
    with _handled_by(lambda signum, frame: arrived.append(signum)):
        yield arrived


def die_with_parent(parent):
    """Have Linux SIGKILL this process when its parent, pid `parent`, dies.

    A publish killed outright (SIGKILL, the OOM killer) cannot stop what it
    started: its Pelican build would go on writing into a staging folder the
    next publish is deleting, and a forked compression worker would hold the
    publish lock with it, for minutes.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        # The parent died before the line above took effect.
        os._exit(1)


def pause_point(stage):
    """Wait here forever if the fault tests asked a publish to stop at `stage`; see above."""
    wanted, _, reached = os.environ.get(PAUSE_VARIABLE, "").partition(":")
    if wanted != stage:
        return
    Path(reached).write_text(str(os.getpid()), encoding="utf-8")
    while True:
        signal.pause()
