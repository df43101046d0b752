"""problem_report: print every problem the build found, and fail strict builds.

Listed last in PLUGINS so that what every other plugin found is in the list.
With PROBLEMS_FILE set (the devserver sets it), the problems are also
written to that file as JSON, with the address of each article left out.
A strict build (CLINIC_STRICT, set by publishconf.py) with any error exits
non-zero, so `make publish` never swaps in a site built from bad content.
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
    consequence = (
        "Nothing was published." if strict and errors
        else "Articles with errors were left out of this build." if errors
        else "The site was built."
    )
    print(f"{len(errors)} error(s), {len(warnings)} warning(s). {consequence}", file=sys.stderr)
    if strict and errors:
        raise PublishBlocked(1)


def write_problems_file(path, found):
    """Write the build's problems and the addresses of withdrawn articles as JSON, for the devserver.

    Set by scripts/devserver.py only (PROBLEMS_FILE, default none): the file
    is written outside the output, so it is never published.
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
