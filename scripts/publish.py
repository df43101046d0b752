"""Production build: build beside output/, check it, and swap it in only if all went well.

`make publish` runs this. Each step must succeed before the next starts:

1. Pelican builds content/ with publishconf.py into a new staging folder
   beside the output folder: pages, share cards, feeds, sitemap, search
   index, and every plugin's content checks (any error Pelican logs fails
   the build);
2. the link checker reads the staged site: a broken internal link fails;
3. text files get reproducible .gz and .br copies;
4. every folder of the staged tree gets mode 0755 and every file 0644, so
   a web server running as another user can read them all;
5. the staged tree replaces the output folder in one step (publishing.swap).

An error in an article, or a broken link, stops the publish and leaves the
output folder as it was — unless the published site shows a patient story
the new build no longer has (its consent expired or was withdrawn, its scope
no longer covers the web, its file was deleted, or it has errors). A story
must not stay live past its consent because another article has a typo, so
then the new site goes in all the same, without the story, and articles
with errors keep their last published page or stay unpublished
(publishing.takedown). The exit status is then 3 (PUBLISHED_WITH_ERRORS),
not 0, and the lines printed say what was taken down and what was kept;
1 means nothing was published.

A failure or an interruption (Ctrl-C, SIGTERM, a crashed build) at any step
removes the staging folder and leaves the output folder exactly as it was;
the last line printed says which happened.

Two publishes of the same commit give byte-identical trees. The build runs
with PYTHONHASHSEED=0, so no set's iteration order can differ between two
runs, and with SOURCE_DATE_EPOCH set to the time of the checkout's last
commit, for any tool that follows that convention instead of stamping files
with the current time (both only when not already set).
"""

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from publishing import compress, interrupts, linkcheck, storage, swap, takedown  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PELICAN_RUN = Path(__file__).resolve().parent / "publishing" / "pelican_run.py"
# The new site is in place, but errors are left: an upload must still send it
# (it takes a story down), and whoever runs the publish must still fix them.
PUBLISHED_WITH_ERRORS = 3
# How long a build asked to stop (SIGTERM) may take before it is killed.
STOP_GRACE_SECONDS = 10


def parse_arguments(argv):
    """The command line: where content and output are, which settings, overrides."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", default="content", type=Path)
    parser.add_argument("--output", default="output", type=Path)
    parser.add_argument("--settings", default=ROOT / "publishconf.py", type=Path)
    parser.add_argument("--cache-path", type=Path)
    parser.add_argument(
        "-e", "--extra-setting", action="append", default=[], metavar="KEY=JSON",
        help="override one setting, as Pelican's -e does (repeatable)",
    )
    return parser.parse_args(argv)


def overrides(extra_settings):
    """The -e KEY=JSON pairs as a dict, parsed the way Pelican parses them."""
    pairs = (item.split("=", 1) for item in extra_settings)
    return {key: json.loads(value) for key, value in pairs}


def site_url(args):
    """The SITEURL the site is built with: links on it belong to the site."""
    from pelican.settings import read_settings

    return read_settings(str(args.settings), override=overrides(args.extra_setting))["SITEURL"]


def commit_time(folder):
    """The Unix time of the last commit of the git checkout holding `folder`, or None."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "log", "-1", "--format=%ct"],
            capture_output=True, text=True, check=False,
        )
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def build_environment(content):
    """The environment of the Pelican build: the caller's, plus reproducibility settings."""
    environment = dict(os.environ)
    environment.setdefault("PYTHONHASHSEED", "0")
    if "SOURCE_DATE_EPOCH" not in environment:
        stamp = commit_time(content)
        if stamp:
            environment["SOURCE_DATE_EPOCH"] = stamp
    return environment


def signal_group(process, signum):
    """Send a signal to the build and every process it started, if any is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def stop(process):
    """Stop a build and everything it started (card workers, the search indexer)."""
    signal_group(process, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=STOP_GRACE_SECONDS)
    # Whatever is left, a worker that ignored SIGTERM or outlived its parent, goes now.
    signal_group(process, signal.SIGKILL)
    process.wait()


def build(args, staging, problems_file):
    """Run Pelican into `staging`; True when it ran to its end without logging an error.

    Errors in articles do not fail it: they are written to `problems_file`
    (and printed), for the publish to decide what they keep off the site.
    """
    command = [
        sys.executable, str(PELICAN_RUN), str(args.content), "-o", str(staging),
        "-s", str(args.settings), "--fatal", "errors",
        # Plain lines, never wrapped: a publish log is read in CI and searched.
        "--log-handler", "plain",
    ]
    if args.cache_path:
        # Absolute: Pelican would take a relative one from the settings file's folder,
        # and the compression cache from the current one.
        command += ["--cache-path", str(args.cache_path.resolve())]
    # One -e with every pair: Pelican keeps only the last of repeated -e flags.
    command += ["-e", *args.extra_setting, "PROBLEMS_FAIL_BUILD=false",
                f"PROBLEMS_FILE={json.dumps(str(problems_file))}"]
    # Its own process group, so that a stop reaches the build and all it started.
    process = subprocess.Popen(command, env=build_environment(args.content), start_new_session=True)
    try:
        return process.wait() == 0
    except BaseException:
        with interrupts.held():
            stop(process)
        raise


def print_links(report, broken):
    """Print what the link checker found: `broken`, its broken links as they are to be shown."""
    if broken:
        print("Broken links:", file=sys.stderr)
        for link in broken:
            print(f"  {link}", file=sys.stderr)
    print(report, file=sys.stderr if broken else sys.stdout)


def checked(args, output, staging, problems):
    """Check the staged site; return the Takedown to publish, or None to leave `output` as it was."""
    url = site_url(args)
    report = linkcheck.check(staging, url)
    if not (problems.errors or report.broken):
        outcome = takedown.Takedown(report=report)
        outcome.stories, outcome.articles = takedown.gone_articles(output, staging)
    elif takedown.gone_articles(output, staging)[0]:
        outcome = takedown.settle(output, staging, problems, url, report)
    else:
        print_links(report, report.broken)
        print("Nothing was published. No patient story has to come down, so the site stays as it "
              "was until every error is fixed.", file=sys.stderr)
        return None
    print_links(outcome.report, outcome.broken_links())
    return outcome


def replace(staging, output):
    """Swap the staged site in and delete the old tree; no signal stops it half-way."""
    with interrupts.held() as arrived:
        retired = swap.swap_in(staging, output)
        if retired:
            # The new site is in place whatever happens here; what cannot be
            # deleted now, the next publish's recover() removes.
            shutil.rmtree(retired, ignore_errors=True)
    if arrived:
        print("A stop request came during the swap: the new site was already in place.")


def publish(args, output):
    """Build, check, compress and swap; return the exit status."""
    shown = f"{args.output}/"
    staging = swap.new_staging(output)
    # Outside the staging folder: the problems are never published.
    scratch = Path(tempfile.mkdtemp(prefix="clinic-publish-"))
    try:
        with interrupts.raised():
            problems_file = scratch / "problems.json"
            outcome = None
            if build(args, staging, problems_file):
                problems = takedown.BuildProblems.read(problems_file)
                outcome = checked(args, output, staging, problems)
            if outcome is None:
                print(f"Publish stopped: {shown} was left as it was.", file=sys.stderr)
                return 1
            cache = compress.Cache((args.cache_path or ROOT / ".cache") / "precompressed")
            totals = compress.precompress(staging, cache)
            print(totals)
            if totals.warning():
                print(totals.warning(), file=sys.stderr)
            swap.make_readable(staging)
            replace(staging, output)
    except interrupts.Interrupted as stopped:
        print(f"Publish interrupted ({stopped}): {shown} was left as it was.", file=sys.stderr)
        return stopped.exit_code
    except OSError as error:
        print(f"Publish stopped: {storage.explain(error, output.parent)}. {shown} was left as it was.",
              file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if staging.exists():
            shutil.rmtree(staging)
    left = problems.errors + len(outcome.report.broken)
    stream = sys.stderr if left else sys.stdout
    for line in outcome.lines(problems.source_of()):
        print(line, file=stream)
    if left:
        print(f"Published to {shown} with {problems.errors} error(s) and {len(outcome.report.broken)} broken "
              f"link(s) left, so that no patient story stays on the site past its consent — fix them and "
              f"publish again.", file=sys.stderr)
        return PUBLISHED_WITH_ERRORS
    print(f"Published to {shown}")
    return 0


def main(argv=None):
    """Publish under a lock, after tidying what an earlier, killed publish left."""
    args = parse_arguments(argv)
    output = args.output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        with swap.exclusive(output.parent) as taken_over:
            if taken_over:
                print(taken_over)
            for note in swap.recover(output):
                print(note)
            return publish(args, output)
    except OSError as error:
        # The lock or the staging folder could not be made: nothing was written.
        print(f"Publish stopped: {storage.explain(error, output.parent)}. {args.output}/ was left as it was.",
              file=sys.stderr)
        return 1
    except swap.Busy:
        print(
            f"Publish stopped: another publish into {output.parent} is running — wait for it "
            f"to finish, then publish again. {args.output}/ was left as it was.",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
