"""Save to reloaded page in `make devserver` (issue 21): `make bench-devserver`.

Writes the corpus (corpus.py), starts the real devserver on it on a free
port, with its caches in the work folder, and waits for its first build and
search index. Then, RUNS times: changes one article's title (as corpus.retitle
does, the fact of a myth too), and polls the article's address over HTTP
until the served page holds the new title; the time from the file's write to
that moment is the figure. Before the next edit it waits for the rest of the
build and the search index, and notes when the full build ended. The section
"devserver" of RESULTS.md gets each run, the median and the target.
"""

import argparse
import http.client
import os
import queue
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import report  # noqa: E402

RESULTS = HERE / "RESULTS.md"
TARGET_SECONDS = 1.0
# How often the served page is fetched while waiting for the new title.
POLL_SECONDS = 0.01
# The devserver's lines this benchmark waits for.
READY = "Preview: http"
FAST = "its page is up to date"
BUILT = "Done: Processed"
INDEXED = "Search index:"
SETTINGS = """import sys
sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa: F401,F403

CACHE_PATH = {cache!r}
SHARE_CARD_CACHE = {cards!r}
"""


class Devserver:
    """scripts/devserver.py on a corpus, its output lines read as they come."""

    def __init__(self, work, port):
        settings = work / "benchconf.py"
        settings.write_text(SETTINGS.format(root=str(ROOT), cache=str(work / "caches" / "pelican"),
                                            cards=str(work / "caches" / "share_card_cache")), encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "devserver.py"), "--content", str(work / "content"),
             "--output", str(work / "output"), "--settings", str(settings), "--port", str(port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
            env=dict(os.environ, COLUMNS="400"),
        )
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, text, seconds=900):
        """Wait for a line holding `text`; return (that moment, the lines read until then)."""
        seen = []
        deadline = time.monotonic() + seconds
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise RuntimeError(f"the devserver never said {text!r}; it said:\n{''.join(seen[-30:])}") from None
            if line is None:
                raise RuntimeError(f"the devserver stopped; it said:\n{''.join(seen[-30:])}")
            seen.append(line)
            if text in line:
                return time.monotonic(), seen

    def stop(self):
        """Stop the devserver and its build process (its process group)."""
        os.killpg(self.process.pid, 15)
        self.process.wait(timeout=30)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def address_of(content, output, index, seed):
    """The site address of corpus article `index`, found in the built output."""
    relative, text = corpus.article(index, seed)
    slug = re.search(r"^Slug: (.*)$", text, re.M)
    slug = slug.group(1).strip() if slug else Path(relative).stem
    found = sorted(output.glob(f"*/{slug}/index.html"))
    if len(found) != 1:
        raise RuntimeError(f"the page of {relative} is not in {output} (found {found})")
    return "/" + found[0].parent.relative_to(output).as_posix() + "/"


def served(url):
    """The page at `url`; "" when the request failed.

    Pelican's writer rewrites a file in place, so a request that falls on the
    full build's rewrite of the page can be cut off: polled again, as a reload would be.
    """
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except (OSError, http.client.HTTPException):
        return ""


def measure(work, n, runs, seed):
    """Each run's figures: seconds to the served new title, to the full build's end; load; fast path used."""
    content = corpus.generate(work, n, seed)
    edited = n // 2
    port = free_port()
    server = Devserver(work, port)
    try:
        server.wait_for(READY)
        server.wait_for(INDEXED)
        url = f"http://127.0.0.1:{port}{address_of(content, work / 'output', edited, seed)}"
        samples = []
        for run in range(1, runs + 1):
            suffix = f"(bench edit {run})"
            load = os.getloadavg()[0]
            corpus.retitle(content, edited, suffix, seed)
            written = time.monotonic()
            while suffix not in served(url):
                time.sleep(POLL_SECONDS)
            shown = time.monotonic() - written
            built, lines = server.wait_for(BUILT)
            server.wait_for(INDEXED)
            fast = any(FAST in line for line in lines)
            samples.append({"shown": shown, "built": built - written, "load": load, "fast": fast})
            print(f"  run {run}: new title served after {shown:.3f} s (page first: {'yes' if fast else 'no'}), "
                  f"full build done after {built - written:.2f} s, load {load:.2f}", flush=True)
        return samples
    finally:
        server.stop()


def section(samples, n, when, load_start, load_end):
    """The devserver section of RESULTS.md."""
    shown = median(s["shown"] for s in samples)
    verdict = "met" if shown <= TARGET_SECONDS else "NOT met"
    lines = [f"## Save to reloaded page in `make devserver` at N={n} ({len(samples)} runs, {when})", "",
             f"- Machine: {os.cpu_count()} CPUs; load average {load_start:.2f} at the start, "
             f"{load_end:.2f} at the end (other work shares this machine).",
             "- One article's title edited per run; the time runs from the file's write until the "
             "page served over HTTP holds the new title (polled every "
             f"{POLL_SECONDS * 1000:.0f} ms); then the rest of the build and the search index finish "
             "before the next edit.", "",
             "| run | save → served page s | page first | full build done s | load before |",
             "|--:|--:|---|--:|--:|"]
    for number, s in enumerate(samples, start=1):
        lines.append(f"| {number} | {s['shown']:.3f} | {'yes' if s['fast'] else 'no'} | {s['built']:.2f} | "
                     f"{s['load']:.2f} |")
    lines += ["", "| target | median | verdict |", "|---|--:|---|",
              f"| save → reloaded page ≤ {TARGET_SECONDS:.1f} s | {shown:.3f} s | {verdict} |",
              "", f"The full build after each save was done after a median of "
              f"{median(s['built'] for s in samples):.2f} s."]
    return "\n".join(lines)


def main(argv=None):
    """Command line for `make bench-devserver`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="articles in the corpus (1000)")
    parser.add_argument("--runs", type=int, default=5, help="edits timed; the figure is their median (5)")
    parser.add_argument("--seed", type=int, default=corpus.SEED, help="corpus seed")
    parser.add_argument("--results", type=Path, default=RESULTS, help="the Markdown file to update")
    args = parser.parse_args(argv)
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="clinic-bench-devserver-") as work:
        samples = measure(Path(work), args.n, args.runs, args.seed)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    text = section(samples, args.n, when, load_start, os.getloadavg()[0])
    report.update_section(args.results, "devserver", text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
