"""Build real sites from real Markdown into temporary directories, for tests.

Pelican runs in a subprocess, exactly as `make html` and `make publish` run
it, so tests see the real exit code and the real messages on stderr.
"""

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "site"


@dataclass
class Build:
    """The result of one build: where it went and what it said."""

    site: Path
    output: Path
    returncode: int
    stdout: str
    stderr: str

    def page(self, relative):
        """The text of one output file, e.g. page("myths/index.html")."""
        return (self.output / relative).read_text(encoding="utf-8")

    def problem_lines(self):
        """The problem lines the build printed, without their indentation."""
        return [line.strip() for line in self.stderr.splitlines() if line.startswith("  content/")]


def make_site(directory, source=FIXTURE / "content"):
    """Copy a content tree into `directory`/content and return the site folder."""
    site = Path(directory)
    shutil.copytree(source, site / "content")
    return site


# A patient story whose consent covers social posts and feeds, not the site.
FAKE_SSH = """#!/bin/sh
# Stands in for ssh: drops its options and the host, runs the command here.
while [ $# -gt 0 ]; do
  case "$1" in
    -p|-l) shift 2 ;;
    -*) shift ;;
    *) shift; break ;;
  esac
done
exec sh -c "$*"
"""
OFF_WEB_STORY = """Title: A story kept off the web
Slug: {slug}
Date: 2026-03-02 09:00
Category: Patient Stories
Authors: Ana Ruiz
Summary: A story whose patient did not agree to the web.
Reviewed_by: Ben Cole
Reviewed_on: 2026-03-01
Consent: CR-2026-099
Consent_date: 2026-02-20
Consent_expires: 2029-02-20
Consent_scope: social, feeds
Results_typical: yes

{body}
"""


def write(site, relative, text):
    """Write one content file (UTF-8), creating folders; returns its path."""
    path = Path(site) / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def build(site, settings="pelicanconf.py", output="output", extra=(), run=("-m", "pelican")):
    """Run Pelican on `site`/content with one of the project's settings files.

    `run`: how the interpreter starts Pelican; ("-c", code) runs code that
    starts it and can report on the process after the build.
    """
    site = Path(site)
    command = [
        sys.executable, *run, "content", "-o", output,
        "-s", str(ROOT / settings), "--cache-path", str(site / ".cache"), *extra,
    ]
    done = subprocess.run(command, cwd=site, capture_output=True, text=True, check=False)
    return Build(site, site / output, done.returncode, done.stdout, done.stderr)


def publish(site, output="output"):
    """Run `make publish`'s script on `site`, as a clinician would."""
    site = Path(site)
    command = [
        sys.executable, str(ROOT / "scripts" / "publish.py"),
        "--output", output, "--cache-path", str(site / ".cache"),
    ]
    done = subprocess.run(command, cwd=site, capture_output=True, text=True, check=False)
    return Build(site, site / output, done.returncode, done.stdout, done.stderr)
