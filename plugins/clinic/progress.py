"""Progress for long build steps (cards, search index): shown to a person at a
terminal, silent in CI and in logs where a redrawn line would only be noise."""

import os
import sys


def interactive(stream=None):
    """True when a person is watching: a terminal, and not CI."""
    stream = stream or sys.stderr
    return stream.isatty() and not os.environ.get("CI")


def track(items, label, total=None, stream=None):
    """Yield from `items`, redrawing "label: done/total" on an interactive terminal."""
    stream = stream or sys.stderr
    if not interactive(stream):
        yield from items
        return
    total = total if total is not None else len(items)
    done = 0
    for item in items:
        yield item
        done += 1
        stream.write(f"\r{label}: {done}/{total}")
        stream.flush()
    if done:
        stream.write("\n")
