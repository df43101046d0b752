"""Faults around a publish: damaged caches, modes, shared files, killed publishes.

The small fixture site with one photo (published_tree.make_site) is
published once (under umask 077, as a careful account might have); every
test starts from a copy of that site, its
output/ and its .cache/, damages something and publishes again. A publish
of the same content is reproducible, so "rebuilt, not published broken"
means: the new output/ is byte-identical to the first one, and every file
of it reads back with its real decoder (published_tree.broken_files).
"""

import fnmatch
import os
import shutil
import stat
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

from publishing import swap  # noqa: E402


def publish(site, umask=0o022):
    """Run scripts/publish.py in `site` under `umask`; return the Build."""
    done = subprocess.run(
        [sys.executable, str(PUBLISH), "--output", "output", "--cache-path", ".cache"],
        cwd=site, capture_output=True, text=True, check=False, preexec_fn=lambda: os.umask(umask),
    )
    return sitebuild.Build(Path(site), Path(site) / "output", done.returncode, done.stdout, done.stderr)


digest = published_tree.digest


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The fixture site published once under umask 077, and its output's fingerprint."""
    site = published_tree.make_site(tmp_path_factory.mktemp("published"))
    result = publish(site, umask=0o077)
    assert result.returncode == 0, result.stderr
    assert published_tree.broken_files(site / "output") == []
    return site, digest(site / "output")


@pytest.fixture
def site(published, tmp_path):
    """A copy of the published site, output/ and .cache/ included."""
    copy = tmp_path / "site"
    shutil.copytree(published[0], copy, symlinks=True)
    return copy


def test_every_publish_leaves_folders_0755_and_files_0644(published):
    output = published[0] / "output"
    wrong = [
        f"{path.relative_to(output.parent)}: {stat.filemode(path.stat().st_mode)}"
        for path in [output, *output.rglob("*")]
        if stat.S_IMODE(path.stat().st_mode) != (0o755 if path.is_dir() else 0o644)
    ]
    assert not wrong, wrong


def cache_files(site):
    """Every file of the site's caches, by (device, inode)."""
    return {
        (info.st_dev, info.st_ino): path
        for path in (site / ".cache").rglob("*") if path.is_file()
        for info in [path.stat()]
    }


def test_published_files_are_never_shared_with_a_cache(published, site):
    # The first publish is cold; the second, in a copy, reuses every cache.
    result = publish(site)
    assert result.returncode == 0, result.stderr
    for site in (published[0], site):
        cached = cache_files(site)
        shared = [
            str(path.relative_to(site)) for path in (site / "output").rglob("*")
            if path.is_file() and (path.stat().st_dev, path.stat().st_ino) in cached
        ]
        assert not shared, shared
        assert list((site / "output").rglob("*.png"))


def truncated(data):
    return data[: len(data) // 2]


def garbled(data):
    middle = len(data) // 2
    return data[:middle] + bytes(255 - byte for byte in data[middle:middle + 16]) + data[middle + 16:]


def emptied(data):
    return b""


DAMAGES = {"truncated": truncated, "garbled": garbled, "emptied": emptied}
# Every cache below .cache/: the files damaged, the word its one warning holds, and
# what else is removed (not damaged) so that the build reads the damaged files.
CACHES = {
    "Pelican content": ("*Generator-Readers", "Pelican's content cache", None),
    "compressed copies": ("precompressed/*/*", "compressed copies", None),
    "share cards": ("share-cards/*.png", "share card", None),
    "share card records": ("share-cards/*.json", "share card", None),
    "search bundle": ("search-index/*/bundle/**/*", "Search index", None),
    "search manifest": ("search-index/*/manifest.json", "Search index", None),
    "image variants": ("images/*/*/*.[aj]*", "images", None),
    "image indexes": ("images/*/*/variants.json", "images", None),
    "feed files": ("feeds/*/kept/*", "feeds", None),
    "feed entries": ("feeds/*/entries/*", "feeds", "feeds/*/kept/*"),
    "content model": ("content-model/*.json", "content-model", None),
    "privacy scan": ("patient-privacy/*.json", "patient-privacy", None),
    "glossary stamp": ("medical_glossary.sha256", "glossary", None),
}


def test_every_cache_has_its_damage_test(published):
    tops = [pattern.split("/")[0] for pattern, _, _ in CACHES.values()]
    untested = [path.name for path in (published[0] / ".cache").iterdir()
                if not any(fnmatch.fnmatch(path.name, top) for top in tops)]
    assert untested == [], "caches with no line in CACHES"


@pytest.mark.parametrize("damage", sorted(DAMAGES))
@pytest.mark.parametrize("which", sorted(CACHES))
def test_a_damaged_cache_entry_is_rebuilt_with_one_warning_never_published(published, site, which, damage):
    pattern, warning, removed = CACHES[which]
    entries = [path for path in (site / ".cache").glob(pattern) if path.is_file() and path.stat().st_size > 32]
    assert entries, f"no {which} in the cache: {sorted(p.name for p in (site / '.cache').iterdir())}"
    for entry in entries:
        entry.write_bytes(DAMAGES[damage](entry.read_bytes()))
    for gone in (site / ".cache").glob(removed) if removed else ():
        gone.unlink()

    result = publish(site)

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert digest(site / "output") == published[1]
    assert published_tree.broken_files(site / "output") == []
    said = [line for line in (result.stdout + result.stderr).splitlines() if "damaged" in line]
    assert len(said) == 1 and warning in said[0], said
    again = publish(site)
    assert "damaged" not in again.stdout + again.stderr


HOLD_AND_COMPRESS = """
import sys
sys.path.insert(0, {scripts!r})
from publishing import compress, swap
with swap.exclusive({folder!r}):
    print("locked", flush=True)
    compress.precompress({tree!r})
"""


def children(pid):
    """The pids of the processes `pid` started, as Linux lists them."""
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in found.read_text().split()] if found.exists() else []


def test_killing_a_publish_during_compression_leaves_no_worker_holding_the_lock(tmp_path):
    import random

    tree = tmp_path / "tree"
    tree.mkdir()
    words = [f"word{number}" for number in range(5000)]
    chooser = random.Random(21)
    # Each worker's first share of pages takes brotli many seconds: far longer than dying takes.
    for number in range(40):
        (tree / f"page{number}.html").write_text(" ".join(chooser.choices(words, k=110000)), encoding="utf-8")
    script = HOLD_AND_COMPRESS.format(scripts=str(ROOT / "scripts"), folder=str(tmp_path), tree=str(tree))
    running = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert running.stdout.readline().strip() == "locked"
    deadline = time.monotonic() + 120
    while not children(running.pid):
        assert time.monotonic() < deadline, "no compression worker started"
        time.sleep(0.05)
    workers = children(running.pid)

    running.kill()
    running.wait()
    # Dying with their parent is a matter of milliseconds; finishing their pages, of many seconds.
    deadline = time.monotonic() + 5

    while any(Path(f"/proc/{worker}").exists() and "Z" not in
              Path(f"/proc/{worker}/stat").read_text().split(") ")[-1][:1] for worker in workers):
        assert time.monotonic() < deadline, f"compression workers {workers} outlived their publish"
        time.sleep(0.05)
    with swap.exclusive(tmp_path):
        pass


def test_a_lock_whose_holder_is_gone_is_taken_over_with_a_message(site):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    (site / swap.HOLDER).write_text(gone.stdout.strip(), encoding="utf-8")

    result = publish(site)

    assert result.returncode == 0, result.stderr
    assert (f"Took over the publish lock from process {gone.stdout.strip()}, which stopped "
            "without finishing its publish.") in result.stdout
    assert not (site / swap.HOLDER).exists()
