"""A publish killed, starved of disk or denied writing: the live site stays whole.

One small site is published once (the old site); a copy with one article's
title changed is published once more (the new site). Each test starts from a
copy of the old site, its output/ and its .cache/, with that change made,
and hurts the publish of it: SIGKILL at each stage, a full disk, a
read-only output. Afterwards output/ must be byte for byte the old site or
the new one, never a mix and never a broken file, and the next publish must
succeed with no hand cleaning up: no stale lock, no leftover folder.

The publish is stopped at a stage, not at a moment picked by a clock: the
test-only variable of publishing.interrupts.pause_point makes the process
reaching that stage say so and wait to be killed.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import published_tree
import sitebuild

ROOT = sitebuild.ROOT
PUBLISH = ROOT / "scripts" / "publish.py"
sys.path.insert(0, str(ROOT / "scripts"))

from publishing import interrupts, swap  # noqa: E402

NEWS = Path("content") / "news" / "flu-clinics.md"
OLD_TITLE = "Title: Flu vaccine clinics open for the 2026 season"
NEW_TITLE = "Title: Flu vaccine clinics open for the 2026 season, now on Saturdays"
# Generous: a paused publish reaches its stage in seconds.
REACH_SECONDS = 180
# Processes told to die with their publish do so in milliseconds.
DIE_SECONDS = 10


def command(output="output"):
    """The publish of the site in the current folder, as `make publish` runs it."""
    return [sys.executable, str(PUBLISH), "--output", str(output), "--cache-path", ".cache"]


def publish(site, output="output"):
    """Publish `site` into `output` (relative to it); the Build."""
    done = subprocess.run(command(output), cwd=site, capture_output=True, text=True, check=False)
    return sitebuild.Build(Path(site), Path(site) / output, done.returncode, done.stdout, done.stderr)


def edit(site):
    """Change one article's title: the new site differs from the old in many files."""
    article = Path(site) / NEWS
    text = article.read_text(encoding="utf-8")
    assert OLD_TITLE in text
    article.write_text(text.replace(OLD_TITLE, NEW_TITLE), encoding="utf-8")


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """(the old site, published, with its cache; the old output's digest; the new output's)."""
    old = published_tree.make_site(tmp_path_factory.mktemp("old"))
    first = publish(old)
    assert first.returncode == 0, first.stderr
    assert published_tree.broken_files(old / "output") == []
    new = tmp_path_factory.mktemp("new") / "site"
    shutil.copytree(old, new, symlinks=True)
    edit(new)
    second = publish(new)
    assert second.returncode == 0, second.stderr
    old_digest, new_digest = published_tree.digest(old / "output"), published_tree.digest(new / "output")
    assert old_digest != new_digest
    return old, old_digest, new_digest


@pytest.fixture
def site(versions, tmp_path):
    """A copy of the old site, output/ and .cache/ included, with the new title."""
    copy = tmp_path / "site"
    shutil.copytree(versions[0], copy, symlinks=True)
    edit(copy)
    return copy


def descendants(pid):
    """Every process `pid` started, and theirs, as Linux lists them now."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in map(int, (task / "children").read_text().split()):
                found += [child, *descendants(child)]
    return found


def alive(pid):
    """True while `pid` runs (a zombie, dead but not yet reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def leftovers(folder):
    """What publishes left beside the output folder: staging trees, the set-aside old tree."""
    return sorted(path.name for path in Path(folder).iterdir() if path.name.startswith(".output-"))


def kill_at(site, stage, tmp_path, wrapper=None):
    """Start a publish of `site`, SIGKILL it once a process of it reaches `stage`.

    Only the publish's own process is killed, as the OOM killer or `kill -9`
    would: whatever it started must not outlive it. Returns the pids that
    were still running after DIE_SECONDS.
    """
    reached = tmp_path / f"reached-{stage}"
    environment = {**os.environ, interrupts.PAUSE_VARIABLE: f"{stage}:{reached}"}
    arguments = command() if wrapper is None else [sys.executable, "-c", wrapper, *command()[2:]]
    running = subprocess.Popen(arguments, cwd=site, env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    started = []
    try:
        deadline = time.monotonic() + REACH_SECONDS
        while not (reached.exists() and reached.read_text()):
            if running.poll() is not None:
                pytest.fail(f"the publish ended before {stage}: {running.stdout.read()}")
            assert time.monotonic() < deadline, f"the publish never reached {stage}"
            time.sleep(0.05)
        started = descendants(running.pid)
        assert int(reached.read_text()) in [running.pid, *started]
        running.kill()
        running.wait()
        deadline = time.monotonic() + DIE_SECONDS
        while any(map(alive, started)) and time.monotonic() < deadline:
            time.sleep(0.05)
        return [pid for pid in started if alive(pid)]
    finally:
        # Whatever outlived its publish goes now, so that a failing test leaves nothing running.
        for pid in descendants(running.pid) + [pid for pid in started if alive(pid)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        running.stdout.close()


def assert_next_publish_works(site, new_digest):
    """The next publish, with nobody cleaning up first, succeeds and serves the new site."""
    again = publish(site)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Traceback" not in again.stderr
    assert published_tree.digest(site / "output") == new_digest
    assert published_tree.broken_files(site / "output") == []
    assert leftovers(site) == []
    assert not (site / swap.HOLDER).exists()
    return again


# The stage, and which sites output/ may hold once the publish was killed there.
STAGES = {
    "pelican": ("old",),
    "linkcheck": ("old",),
    "compression": ("old",),
    "swap": ("new",),
}


@pytest.mark.parametrize("stage", interrupts.STAGES)
def test_a_publish_killed_at_each_stage_leaves_a_whole_site_and_the_next_publish_works(
        versions, site, tmp_path, stage):
    _, old_digest, new_digest = versions
    outlived = kill_at(site, stage, tmp_path)

    assert outlived == [], f"processes {outlived} outlived the publish killed during {stage}"
    digests = {"old": old_digest, "new": new_digest}
    assert published_tree.digest(site / "output") in [digests[name] for name in STAGES[stage]]
    again = assert_next_publish_works(site, new_digest)
    assert "Took over the publish lock" in again.stdout


# The publish on a filesystem without RENAME_EXCHANGE: two renames.
WITHOUT_EXCHANGE = """
import runpy, sys
sys.path.insert(0, {scripts!r})
from publishing import swap
swap.exchange = lambda first, second: False
sys.argv = [{publish!r}, *sys.argv[1:]]
runpy.run_path({publish!r}, run_name="__main__")
"""


def test_a_publish_killed_between_the_two_renames_of_the_fallback_swap_is_undone(versions, site, tmp_path):
    _, old_digest, new_digest = versions
    wrapper = WITHOUT_EXCHANGE.format(scripts=str(ROOT / "scripts"), publish=str(PUBLISH))
    assert kill_at(site, "swap", tmp_path, wrapper) == []

    # For the moment between the renames there is no output folder; the old tree is kept aside.
    assert not (site / "output").exists()
    assert published_tree.digest(swap.retired_for(site / "output")) == old_digest
    again = assert_next_publish_works(site, new_digest)
    assert "Restored output/, which an interrupted publish had moved aside." in again.stdout


@contextlib.contextmanager
def mounted_tmpfs(folder, *options):
    """A tmpfs at `folder` for the duration (the tests run as root, as CI does)."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options or ("size=64m",)), "tmpfs", str(folder)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = f"cannot mount a tmpfs ({done.stderr.strip()}): these tests need root and CAP_SYS_ADMIN"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def remount(folder, *options):
    """Change a mounted tmpfs's options (its size, read-only) in place."""
    subprocess.run(["mount", "-o", ",".join(("remount", *options)), str(folder)], check=True)


def used_bytes(folder):
    """How much of the filesystem holding `folder` is in use."""
    info = os.statvfs(folder)
    return (info.f_blocks - info.f_bfree) * info.f_frsize


def assert_stopped_clearly(result, where, why, fix):
    """A failed publish: status 1, a reason naming `why` and what to do, never a traceback."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    said = [line for line in result.stderr.splitlines() if why in line]
    assert len(said) == 1 and f"{where} {why} — {fix}" in said[0], result.stderr
    assert result.stderr.strip().splitlines()[-1].endswith("output/ was left as it was."), result.stderr


def pages(folder, compressed):
    """The bytes a tmpfs gives the files below `folder`: the pre-compressed copies, or the rest."""
    return sum(-(-path.stat().st_size // PAGE) * PAGE for path in Path(folder).rglob("*")
               if path.is_file() and (path.suffix in (".gz", ".br")) == compressed)


PAGE = os.sysconf("SC_PAGE_SIZE")
# How much room a publish finds beside the published site: the stage that runs out of it.
ROOM = {
    "during Pelican": lambda output: pages(output, compressed=False) // 3,
    "during compression": lambda output: pages(output, compressed=False) + pages(output, compressed=True) // 3,
}


@pytest.mark.parametrize("room", sorted(ROOM))
def test_a_full_disk_fails_the_publish_clearly_and_the_next_one_works_once_there_is_room(
        versions, site, tmp_path, room):
    _, old_digest, new_digest = versions
    with mounted_tmpfs(tmp_path / "disk") as disk:
        shutil.copytree(site / "output", disk / "output")
        remount(disk, f"size={used_bytes(disk) + ROOM[room](site / 'output')}")

        full = publish(site, disk / "output")

        assert_stopped_clearly(full, f"the disk holding {disk}", "is full (no space left on device)", "free some space")
        assert published_tree.digest(disk / "output") == old_digest
        assert leftovers(disk) == []
        remount(disk, "size=64m")
        again = publish(site, disk / "output")
        assert again.returncode == 0, again.stderr
        assert published_tree.digest(disk / "output") == new_digest
        assert published_tree.broken_files(disk / "output") == []
        assert leftovers(disk) == []


def test_a_read_only_output_fails_the_publish_clearly_and_changes_nothing(versions, site, tmp_path):
    _, old_digest, _ = versions
    with mounted_tmpfs(tmp_path / "disk") as disk:
        shutil.copytree(site / "output", disk / "output")
        remount(disk, "ro")
        before = sorted(path.name for path in disk.iterdir())

        denied = publish(site, disk / "output")

        assert_stopped_clearly(denied, str(disk), "is on a read-only file system", "mount it read-write")
        assert published_tree.digest(disk / "output") == old_digest
        assert sorted(path.name for path in disk.iterdir()) == before
