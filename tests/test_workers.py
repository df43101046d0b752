"""Work the build shares out to worker processes: the same site, the same messages, no worker left behind.

A cold build of enough articles (bench/corpus.py, some with a patient's
details added so the privacy scan finds them) starts the content model's
read-ahead workers (Markdown) and the privacy scan's workers. Each test
runs Pelican as `python -m pelican` runs it, with the functions the workers
run counted in the build's own process, so a test knows the workers did the
work rather than the build.
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import sitebuild
from published_tree import digest

sys.path.insert(0, str(sitebuild.ROOT / "bench"))

import corpus  # noqa: E402

N = 60
WORKERS_OFF = ("-e", "READ_AHEAD_WORKERS=0", "PRIVACY_SCAN_WORKERS=0")
# Added to some news articles: a warning each (a story would be withdrawn).
IDENTIFIERS = "\n\nOur patient Maria Gonzalez, born 03/14/1962, asked us to call her on 555-867-5309.\n"

# Pelican as `python -m pelican` runs it, with `HOOK` (Python code) run first,
# after the plugins' folder is on sys.path.
START = ("import atexit, os, runpy, signal, sys\n"
         f"sys.path.insert(0, {str(sitebuild.ROOT / 'plugins')!r})\n"
         "from content_model import read_ahead\n"
         "from patient_privacy import scan\n")
RUN = ("sys.argv[0] = 'pelican'\n"
       "runpy.run_module('pelican', run_name='__main__', alter_sys=True)\n")
COUNTED = ("calls = {'convert': 0, 'found_in': 0}\n"
           "def counted(name, function):\n"
           "    def call(*args, **kwargs):\n"
           "        calls[name] += 1\n"
           "        return function(*args, **kwargs)\n"
           "    return call\n"
           "read_ahead.convert = counted('convert', read_ahead.convert)\n"
           "scan.found_in = counted('found_in', scan.found_in)\n"
           "atexit.register(lambda: print('in the build process:', calls['convert'], calls['found_in']))\n")
# When the build takes its first file from the workers: another file the
# workers have converted already is edited, as a clinician saving it then would.
EDITS_A_READ_FILE = ("taking = read_ahead.take\n"
                     "def take(path, raw):\n"
                     "    jobs = read_ahead._started.jobs if read_ahead._started else {}\n"
                     "    other = next((name for name in jobs if name != path and 'news' in name), None)\n"
                     "    if other is not None and not getattr(take, 'done', False):\n"
                     "        take.done = True\n"
                     "        jobs[other].result()\n"
                     "        with open(other, 'a', encoding='utf-8') as file:\n"
                     "            file.write('\\n\\nSaved again while the build was reading.\\n')\n"
                     "        print('edited', os.path.relpath(other, 'content'), flush=True)\n"
                     "    return taking(path, raw)\n"
                     "read_ahead.take = take\n")
# When the build takes its first file from the workers, it prints their pids and is killed.
DIES_READING = ("def take(path, raw):\n"
                "    print('workers', *read_ahead._started.pool._processes, flush=True)\n"
                "    os.kill(os.getpid(), signal.SIGKILL)\n"
                "read_ahead.take = take\n")


def runs(*hooks):
    return ("-c", START + "".join(hooks) + RUN)


def make_corpus(directory):
    """N articles of the benchmark's corpus; three news articles name a patient."""
    site = Path(directory)
    content = corpus.generate(site, N)
    for path in sorted((content / "news").glob("*.md"))[:3]:
        path.write_text(path.read_text(encoding="utf-8") + IDENTIFIERS, encoding="utf-8")
    return site


def build(site, *extra, run=None, output="output"):
    result = sitebuild.build(site, output=output, extra=("--cache-path", str(site / f".cache-{output}"), *extra),
                             run=run or runs(COUNTED))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result


def calls(result):
    """(Markdown files converted, articles scanned) by the build's own process."""
    found = re.findall(r"^in the build process: (\d+) (\d+)$", result.stdout, re.M)
    assert len(found) == 1, result.stdout
    return tuple(int(number) for number in found[0])


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("workers") / "site")


def test_workers_build_the_same_site_and_say_the_same_as_the_build_alone(site):
    shared = build(site, output="shared")
    alone = build(site, *WORKERS_OFF, output="alone")
    assert digest(shared.output) == digest(alone.output)
    assert shared.problem_lines() == alone.problem_lines()
    # The messages show an identifier's first letters only.
    assert sum('identifier: name "Mari…"' in line for line in shared.problem_lines()) == 3
    pages = len(list((site / "content" / "pages").glob("*.md")))
    # Shared out, the build converted only the pages and scanned nothing itself.
    assert calls(shared) == (pages, 0)
    assert calls(alone) == (N + pages, N)


def test_a_file_saved_again_after_a_worker_read_it_is_read_again(tmp_path):
    site = make_corpus(tmp_path / "site")
    result = build(site, run=runs(COUNTED, EDITS_A_READ_FILE))
    assert len(re.findall(r"^edited news/.*$", result.stdout, re.M)) == 1, result.stdout
    shown = [path for path in result.output.glob("news/*/index.html")
             if "Saved again while the build was reading." in path.read_text(encoding="utf-8")]
    assert len(shown) == 1
    # That one file, and the pages, were converted by the build itself.
    assert calls(result)[0] == len(list((site / "content" / "pages").glob("*.md"))) + 1


def test_a_build_killed_outright_leaves_no_worker_behind(tmp_path):
    site = make_corpus(tmp_path / "site")
    said = tmp_path / "said.txt"
    # Into a file, not a pipe: a worker left behind would hold a pipe open, and the test would wait forever.
    with open(said, "w", encoding="utf-8") as out:
        done = subprocess.run([sys.executable, *runs(DIES_READING), "content", "-o", "output",
                               "-s", str(sitebuild.ROOT / "pelicanconf.py"), "--cache-path", str(site / ".cache")],
                              cwd=site, stdout=out, stderr=subprocess.DEVNULL, check=False, timeout=600)
    assert done.returncode == -signal.SIGKILL
    workers = [int(pid) for pid in re.findall(r"^workers (.*)$", said.read_text(encoding="utf-8"), re.M)[0].split()]
    assert workers
    deadline = time.monotonic() + 5
    try:
        while any(alive(pid) for pid in workers):
            assert time.monotonic() < deadline, [pid for pid in workers if alive(pid)]
            time.sleep(0.05)
    finally:
        for pid in filter(alive, workers):
            os.kill(pid, signal.SIGKILL)


def alive(pid):
    """Whether `pid` runs (a zombie, waiting for its parent to read its status, has stopped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1][:1]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"
