"""problem_report: print every problem the build found, and fail strict builds.

Listed last in PLUGINS so that what every other plugin found is in the list.
With PROBLEMS_FILE set (the devserver sets it), the problems are also
written to that file as JSON, with the address of each article left out.
A strict build (CLINIC_STRICT, set by publishconf.py) with any error exits
non-zero, so no site built from bad content is taken for a good one.

Settings and their defaults:

PROBLEMS_FILE        where to write the problems as JSON too (none)
PROBLEMS_FAIL_BUILD  a strict build with errors exits non-zero (True). scripts/publish.py
                     sets it False and reads PROBLEMS_FILE instead: it decides
                     itself what the errors keep off the site, so that a story
                     whose consent ended comes down even when another article
                     has errors.
"""

import json
import sys
from pathlib import Path

from pelican import signals

from clinic import problems


class PublishBlocked(SystemExit):
    """Raised at the end of a strict build that found errors."""


def print_report(pelican):
    """Print all problems, errors first, then a one-line count.

    Each problem is printed whole on its own line, never wrapped, so it can
    be searched for and opened at the line in an editor.
    """
    found = problems.found()
    if pelican.settings.get("PROBLEMS_FILE"):
        write_problems_file(Path(pelican.settings["PROBLEMS_FILE"]), found)
    if not found:
        return
    errors = [p for p in found if p.severity == problems.ERROR]
    warnings = [p for p in found if p.severity != problems.ERROR]
    for heading, group in (("Errors:", errors), ("Warnings:", warnings)):
        if group:
            print(heading, file=sys.stderr)
        for problem in group:
            print(f"  {problem}", file=sys.stderr)
    strict = pelican.settings.get("CLINIC_STRICT", False)
    fails = strict and pelican.settings.get("PROBLEMS_FAIL_BUILD", True)
    consequence = (
        "Nothing was published." if fails and errors
        else "Articles with errors were left out of this build." if errors
        else "The site was built."
    )
    print(f"{len(errors)} error(s), {len(warnings)} warning(s). {consequence}", file=sys.stderr)
    if fails and errors:
        raise PublishBlocked(1)


def write_problems_file(path, found):
    """Write the build's problems and the addresses of withdrawn articles as JSON, for the devserver and publish.

    Set by scripts/devserver.py and scripts/publish.py (PROBLEMS_FILE, default
    none): the file is written outside the output, so it is never published.
    """
    data = {
        "problems": [{"path": p.path, "line": p.line, "field": p.field, "message": p.message, "fix": p.fix,
                      "severity": p.severity, "text": str(p)} for p in found],
        "addresses": problems.addresses(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def register():
    """Report at the very end of the build."""
    signals.finalized.connect(print_report)
