"""Build-speed benchmark: this project side by side with plain Pelican.

    make bench                 N=1000 RUNS=3: scenarios (a)-(e) on one corpus
    make bench-growth          the project cold at N=250 and N=2000
    make bench-profile         pyinstrument profiles of the cold and warm builds
    make bench-ablation        what each plugin costs: builds with it left out

Every build runs in a fresh subprocess, exactly as `make html` runs Pelican,
on a deterministic synthetic corpus (bench/corpus.py). The scenarios:

    (a) plain Pelican: same Markdown, PLUGINS = [], its own feeds, default theme, cold
    (b) plain Pelican with its content cache, warm
    (c) this project cold: no output, no caches at all
    (d) this project warm: nothing changed since the last build
    (e) this project after one article's title was edited
    (e-dev) the same, as `make devserver` builds it: the build leaves Pagefind's
        input (SEARCH_INDEX_LATER) and the benchmark then runs Pagefind as the
        devserver does after the reload, noting when the index was in output/

The runs are interleaved (a, b, c, d, e, e-dev, then again) so that a change in the
machine's load touches every scenario alike. Each figure is the median over
the runs. Results go into bench/RESULTS.md; see bench/README.md.
"""

import argparse
import json
import os
import platform
import re
import runpy
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from statistics import mean

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import report  # noqa: E402
from measure import run_build  # noqa: E402

ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "plugins"))
PROJECT_SETTINGS = ROOT / "pelicanconf.py"
RESULTS = HERE / "RESULTS.md"

SCENARIOS = {
    "a": "plain Pelican, cold",
    "b": "plain Pelican, warm content cache",
    "c": "this project, cold (no caches)",
    "d": "this project, warm (nothing changed)",
    "e": "this project, one title edited",
    "e-dev": "this project, one title edited, as the devserver builds (search index after the build)",
}
# Where the devserver's builds leave Pagefind's input (site_search's SEARCH_INDEX_LATER).
LATER_FOLDER = "search-later"

# Plain Pelican at its defaults: no plugins, its own theme ("notmyidea") and
# its own feeds (FEED_ALL_ATOM, CATEGORY_FEED_ATOM, AUTHOR_FEED_* left as
# Pelican sets them). Only where the content lives and the site's address,
# which Pelican's feeds need, are given.
PLAIN_SETTINGS = '''"""Plain Pelican, for the benchmark's baseline (written by bench/run.py)."""
SITENAME = "Elm Creek Family Clinic"
SITEURL = "https://blog.elmcreekclinic.example"
PATH = "content"
ARTICLE_PATHS = ["myths", "news", "stories", "questions"]
PAGE_PATHS = ["pages"]
TIMEZONE = "America/Chicago"
DEFAULT_LANG = "en"
PLUGINS = []
'''

# Every build keeps its caches in the workspace's caches/, which a cold build
# starts without: Pelican's content cache is moved there with --cache-path, and
# with it the caches plugins keep below CACHE_PATH (patient_privacy's,
# site_search's). These settings name caches kept elsewhere.
CACHE_SETTINGS = ("SHARE_CARD_CACHE",)

_PROCESSED = re.compile(r"Processed (\d+) articles?")
_PROBLEM_SUMMARY = re.compile(r"\d+ error\(s\), \d+ warning\(s\)")


class BenchError(RuntimeError):
    """A build failed or did not build the whole corpus: its figures would mislead."""


# --- The machine ----------------------------------------------------------------

def machine():
    """CPU count and model, RAM and the load average now."""
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return {"cpus": len(os.sched_getaffinity(0)), "cpu_model": model, "ram_gb": mem_kb / 1024 ** 2,
            "load_start": os.getloadavg()[0], "load_end": None}


def versions():
    """Versions of Python and of the libraries that do the work."""
    found = {"Python": platform.python_version()}
    for name in ("pelican", "Markdown", "Jinja2", "pillow", "feedgen", "pagefind"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return found


# --- One build ------------------------------------------------------------------

class Workspace:
    """The corpus, twice (plain and project), with their outputs and caches.

    Plain Pelican and the project read separate copies of the same Markdown,
    so the title edits of scenario (e) never touch the plain warm build.
    """

    def __init__(self, root, n, seed):
        self.root = Path(root)
        self.n = n
        self.seed = seed
        self.plain = self.root / "plain"
        self.project = self.root / "project"
        self.logs = self.root / "logs"

    def create(self):
        """Write the corpus and plain Pelican's settings; return corpus facts."""
        for folder in (self.plain, self.project, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        content = corpus.generate(self.project, self.n, self.seed)
        shutil.copytree(content, self.plain / "content", dirs_exist_ok=True)
        drop_theme_templates(self.plain / "content" / "pages")
        (self.plain / "plainconf.py").write_text(PLAIN_SETTINGS, encoding="utf-8")
        return corpus_facts(content, self.n, self.seed)

    def plain_command(self, output, cache=None):
        """Plain Pelican into `output`; with `cache`, its content cache on."""
        command = [sys.executable, "-m", "pelican", "content", "-o", output, "-s", "plainconf.py"]
        if cache:
            # Pelican takes a relative --cache-path from the settings file's folder.
            command += ["--cache-path", str(self.plain / cache), "-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
        return command

    def project_command(self, extra=()):
        """The project's preview build, as `make html` runs it, with its caches in the workspace."""
        caches = self.project / "caches"
        command = [sys.executable, "-m", "pelican", "content", "-o", "output", "-s", str(PROJECT_SETTINGS),
                   "--cache-path", str(caches / "pelican")]
        settings = [f"{name}={json.dumps(str(caches / name.lower()))}" for name in CACHE_SETTINGS]
        settings += list(extra)
        return command + (["-e", *settings] if settings else [])

    def clear_project(self):
        """Remove the project's output and every cache: the next build is cold.

        .cache/ is where a plugin's cache lands by default (beside content/),
        should a new one not be listed in CACHE_SETTINGS yet.
        """
        for folder in ("output", "caches", ".cache"):
            shutil.rmtree(self.project / folder, ignore_errors=True)


def drop_theme_templates(pages):
    """Remove `Template:` lines, which name templates only the project's theme has."""
    for page in Path(pages).glob("*.md"):
        text = page.read_text(encoding="utf-8")
        kept = [line for line in text.split("\n") if not line.startswith("Template:")]
        page.write_text("\n".join(kept), encoding="utf-8")


def environment():
    """The builds' environment: wide log lines, so a report line is never wrapped."""
    env = dict(os.environ)
    env["COLUMNS"] = "400"
    return env


def parse_cards(log):
    """(rendered, reused, seconds) from the share-card plugin's report line.

    The line is found by meaning, not exact wording: a line mentioning cards
    with "N rendered" and "M reused" (or "N new"/"M cached"); a time, when
    given, as "in 1.2 s" or "1200 ms". Missing parts are None.
    """
    for line in log.splitlines():
        lower = line.lower()
        if "card" not in lower or not re.search(r"render|reus|cached", lower):
            continue
        rendered = re.search(r"(\d+)\s+(?:\w+\s+){0,2}?(?:rendered|new|drawn)", lower)
        reused = re.search(r"(\d+)\s+(?:\w+\s+){0,2}?(?:reused|cached|unchanged)", lower)
        if not (rendered or reused):
            continue
        seconds = None
        timed = re.search(r"(\d+(?:\.\d+)?)\s*(ms|s)\b", lower)
        if timed:
            seconds = float(timed.group(1)) / (1000 if timed.group(2) == "ms" else 1)
        return (int(rendered.group(1)) if rendered else 0, int(reused.group(1)) if reused else 0, seconds)
    return None, None, None


def check(sample, n, label, project):
    """Raise BenchError unless the build succeeded, built all n articles and, for the project, found no problem."""
    tail = "\n".join(sample.log.splitlines()[-25:])
    if sample.returncode != 0:
        raise BenchError(f"{label}: the build failed (exit {sample.returncode}):\n{tail}")
    processed = _PROCESSED.search(sample.log)
    if not processed or int(processed.group(1)) != n:
        raise BenchError(f"{label}: expected {n} articles built, the build said:\n{tail}")
    if project and _PROBLEM_SUMMARY.search(sample.log):
        problems = "\n".join(line for line in sample.log.splitlines() if line.startswith("  "))[:4000]
        raise BenchError(f"{label}: the corpus has problems, so articles were left out:\n{problems}")


def measure(space, key, run, command, cwd):
    """One measured build of scenario `key`, checked; its figures as a dict."""
    load = os.getloadavg()[0]
    sample = run_build(command, cwd, space.logs / f"{key}-{run}.log", env=environment())
    check(sample, space.n, f"({key}) run {run}", project=key not in ("a", "b"))
    figures = sample.as_dict()
    figures["load"] = load
    figures["rendered"], figures["reused"], figures["card_seconds"] = (None, None, None)
    if key not in ("a", "b"):
        figures["rendered"], figures["reused"], figures["card_seconds"] = parse_cards(sample.log)
    print(f"  ({key}) run {run}: wall {sample.wall:.2f} s, CPU {sample.cpu:.2f} s, "
          f"RSS {sample.main_hwm:.0f} MB (Pelican) {sample.max_rss:.0f} MB (largest), "
          f"PSS {sample.tree_pss:.0f} MB, "
          f"cards {figures['rendered']} rendered / {figures['reused']} reused", flush=True)
    return figures


# --- The scenarios --------------------------------------------------------------

def side_by_side(space, runs, card_runs=0):
    """Scenarios (a)-(e), interleaved, `runs` times each; {key: [figures]}.

    The first `card_runs` rounds also build the project cold and warm without
    share_cards, to cost the cards by difference.
    """
    results = {key: [] for key in SCENARIOS}
    edited = space.n // 2
    print("  priming plain Pelican's content cache for (b)", flush=True)
    space_b = ("output-b", "cache-b")
    measure(space, "b", 0, space.plain_command(*space_b), space.plain)
    for run in range(1, runs + 1):
        shutil.rmtree(space.plain / "output-a", ignore_errors=True)
        results["a"].append(measure(space, "a", run, space.plain_command("output-a"), space.plain))
        results["b"].append(measure(space, "b", run, space.plain_command(*space_b), space.plain))
        space.clear_project()
        results["c"].append(measure(space, "c", run, space.project_command(), space.project))
        results["d"].append(measure(space, "d", run, space.project_command(), space.project))
        corpus.retitle(space.project / "content", edited, f"(edit {run})", space.seed)
        results["e"].append(measure(space, "e", run, space.project_command(), space.project))
        corpus.retitle(space.project / "content", edited, f"(devserver edit {run})", space.seed)
        results["e-dev"].append(measure_as_devserver(space, run))
        if run <= card_runs:
            no_cards = space.project_command([plugins_without("share_cards")])
            space.clear_project()
            for key in ("c-nocards", "d-nocards"):
                results.setdefault(key, []).append(measure(space, key, run, no_cards, space.project))
    return results


def measure_as_devserver(space, run):
    """Scenario (e-dev), with `index_ready`: seconds from the build's start until
    the search index was in output/, Pagefind run as the devserver runs it."""
    from site_search import later

    folder = space.project / LATER_FOLDER
    started = time.perf_counter()
    figures = measure(space, "e-dev", run,
                      space.project_command([f"SEARCH_INDEX_LATER={json.dumps(str(folder))}"]), space.project)
    pending = later.start(folder)
    if pending is not None:
        while pending.running():
            time.sleep(0.05)
        pending.finish()
    figures["index_ready"] = time.perf_counter() - started
    print(f"  (e-dev) run {run}: search index in output/ after {figures['index_ready']:.2f} s", flush=True)
    return figures


def plugins_without(name):
    """A PLUGINS=... override: the project's plugins less `name`."""
    plugins = [p for p in runpy.run_path(str(PROJECT_SETTINGS))["PLUGINS"] if p != name]
    return f"PLUGINS={json.dumps(plugins)}"


# Plugins the others cannot do without: never left out by --ablation.
ESSENTIAL = ("content_model", "problem_report")


def ablation(space, runs):
    """Cold then warm builds with every plugin, then with each one left out in turn.

    Returns {variant: {"cold": [figures], "warm": [figures]}}; a variant that
    cannot build (another plugin needs the one left out) maps to its error.
    """
    plugins = runpy.run_path(str(PROJECT_SETTINGS))["PLUGINS"]
    variants = {"all plugins": None} | {f"without {p}": p for p in plugins if p not in ESSENTIAL}
    results = {label: {"cold": [], "warm": []} for label in variants}
    for run in range(1, runs + 1):
        for label, left_out in variants.items():
            if isinstance(results[label], str):
                continue
            command = space.project_command([plugins_without(left_out)] if left_out else [])
            key = f"x-{left_out or 'all'}"
            space.clear_project()
            try:
                for state in ("cold", "warm"):
                    results[label][state].append(measure(space, f"{key}-{state}", run, command, space.project))
            except BenchError as err:
                results[label] = str(err).splitlines()[0]
    return results


def growth(root, sizes, runs, seed):
    """(a) and (c) at each corpus size; {n: {key: [figures]}}."""
    rows = {}
    for n in sizes:
        print(f"N={n}", flush=True)
        space = Workspace(Path(root) / f"n{n}", n, seed)
        space.create()
        rows[n] = {"a": [], "c": []}
        for run in range(1, runs + 1):
            shutil.rmtree(space.plain / "output-a", ignore_errors=True)
            rows[n]["a"].append(measure(space, "a", run, space.plain_command("output-a"), space.plain))
            space.clear_project()
            rows[n]["c"].append(measure(space, "c", run, space.project_command(), space.project))
        shutil.rmtree(space.root)
    return rows


def corpus_facts(content, n, seed):
    """What the corpus holds, for the results' description of it."""
    counts = {kind: 0 for kind in corpus.KIND_ORDER}
    words = []
    world = 0
    for index in range(n):
        _, text = corpus.article(index, seed)
        header, body = text.split("\n\n", 1)
        counts[corpus.KIND_ORDER[index % 4]] += 1
        words.append(corpus.words(body))
        title = header.split("\n", 1)[0]
        world += any(ord(ch) > 0x2000 for ch in title)
    return {
        "articles": n, "seed": seed,
        "per_kind": ", ".join(f"{count} {kind}" for kind, count in counts.items()),
        "words_min": min(words), "words_max": max(words), "words_mean": mean(words),
        "pages": len(list((Path(content) / "pages").glob("*.md"))),
        "clinicians": len(corpus.CLINICIANS), "world_titles": world,
    }


# --- Command line ---------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=1000, help="articles in the corpus (1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario; figures are medians (3)")
    parser.add_argument("--seed", type=int, default=corpus.SEED, help="corpus seed")
    parser.add_argument("--results", type=Path, default=RESULTS, help="the Markdown file to update")
    parser.add_argument("--work", type=Path, help="folder for corpus and builds (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder afterwards")
    parser.add_argument("--growth", metavar="N,N", help="instead: time per article at these sizes, e.g. 250,2000")
    parser.add_argument("--profile", metavar="DIR", type=Path,
                        help="instead: profile the project's cold and warm builds with pyinstrument into DIR")
    parser.add_argument("--ablation", action="store_true",
                        help="instead: the project cold and warm with each plugin left out in turn")
    parser.add_argument("--card-runs", type=int, default=0, metavar="K",
                        help="in the first K rounds, also build (c) and (d) without the share_cards plugin, "
                             "to cost the cards by difference (0)")
    return parser.parse_args(argv)


def main(argv=None):
    """Run what the command line asks for and update the results file."""
    args = parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="clinic-bench-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    host, found = machine(), versions()
    started = time.perf_counter()
    try:
        if args.growth:
            sizes = [int(size) for size in args.growth.split(",")]
            rows = growth(work, sizes, args.runs, args.seed)
            host["load_end"] = os.getloadavg()[0]
            report.update_section(args.results, "growth", report.growth(rows, host, found, args.runs, when))
        elif args.ablation:
            space = Workspace(work, args.n, args.seed)
            space.create()
            results = ablation(space, args.runs)
            host["load_end"] = os.getloadavg()[0]
            text = report.ablation(results, host, found, args.n, args.runs, when)
            report.update_section(args.results, "ablation", text)
        elif args.profile:
            import profiling

            space = Workspace(work / "profile", args.n, args.seed)
            space.create()
            text = profiling.profile_builds(space, args.profile, when)
            report.update_section(args.results, "profile", text)
        else:
            space = Workspace(work, args.n, args.seed)
            facts = space.create()
            print(f"Corpus: {facts['articles']} articles in {space.root}", flush=True)
            results = side_by_side(space, args.runs, args.card_runs)
            host["load_end"] = os.getloadavg()[0]
            scenarios = dict(SCENARIOS)
            if args.card_runs:
                scenarios["c-nocards"] = "this project without share_cards, cold"
                scenarios["d-nocards"] = "this project without share_cards, warm"
            text = report.side_by_side(results, scenarios, host, found, facts, args.runs, when)
            report.update_section(args.results, "side-by-side", text)
            (work / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    except BenchError as err:
        print(f"bench: {err}", file=sys.stderr)
        print(f"bench: logs are in {work}", file=sys.stderr)
        return 1
    else:
        if not args.keep and not args.work:
            shutil.rmtree(work)
    print(f"Done in {time.perf_counter() - started:.0f} s; results in {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
