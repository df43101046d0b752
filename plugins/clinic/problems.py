"""The problems a build finds, reported the way clinicians can act on them.

Every plugin adds to one list during a build; the problem_report plugin prints
them all at the end, so a writer sees every mistake at once, not one per
build. Each reads `path:line: field: what is wrong — how to fix`.
"""

import os
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding: an error withdraws the article and fails a publish."""

    path: str
    line: int
    field: str
    message: str
    fix: str
    severity: str = ERROR

    def __str__(self):
        return f"{self.path}:{self.line}: {self.field}: {self.message} — {self.fix}"


_found = []
# The address each withdrawn article would have had, by its displayed path:
# the preview shows that article's problems there instead of an old copy.
_addresses = {}


def display_path(path):
    """The path relative to the working directory when it lies below it."""
    path = os.fspath(path)
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def report(path, line, field, message, fix, severity=ERROR):
    """Record a problem for this build and return it."""
    problem = Problem(display_path(path), int(line or 1), field, message, fix, severity)
    if problem not in _found:
        _found.append(problem)
    return problem


def found():
    """Every problem recorded in this build, ordered by file and line."""
    return sorted(_found)


def errors():
    """Only the problems that stop a publish."""
    return [problem for problem in found() if problem.severity == ERROR]


def note_address(path, url):
    """Remember that the article at `path`, left out of this build, has the address `url`."""
    _addresses[display_path(path)] = url


def addresses():
    """{displayed path: address} of the articles left out of this build."""
    return dict(_addresses)


def reset():
    """Forget earlier builds' problems (the devserver rebuilds in one process)."""
    _found.clear()
    _addresses.clear()
