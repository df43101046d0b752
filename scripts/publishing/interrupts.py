"""Ctrl-C and SIGTERM during a publish: stop cleanly, or not at all.

Until the swap, either signal raises `Interrupted`, so the publish stops the
build, removes its staging folder, says output/ was left as it was, and exits
with 128 + the signal's number, as shells expect. During the swap the signals
are only recorded (`held`): a publish is never stopped between starting the
swap and finishing it.
"""

import signal
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM)


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
