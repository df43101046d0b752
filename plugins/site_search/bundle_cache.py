"""Finished Pagefind bundles kept between builds, one folder per digest.

A bundle is stored as `<root>/<digest>/bundle/` beside `manifest.json`, which
lists every file of the bundle and its sha256 once Pagefind has finished. The
bundle is built in a temporary folder under `<root>` and moved into place
with one rename, so a build killed half-way leaves a temporary folder, never
a half bundle under a digest. A bundle whose files no longer match its
manifest (a file truncated, garbled or emptied) is treated as missing and
built again, with one warning: it is never copied into the output.
"""

import hashlib
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

BUNDLE = "bundle"
MANIFEST = "manifest.json"
# The latest bundle and the one before it: a preview and a publish build
# index different links, so switching between them still finds its bundle.
KEEP = 2
TEMPORARY = ".tmp-"

logger = logging.getLogger(__name__)


class BundleCache:
    """The cache folder `root`, created on first use."""

    def __init__(self, root):
        self.root = Path(root)

    def find(self, digest):
        """The cached bundle folder for `digest` if it is complete, else None.

        A bundle found is marked as just used, so pruning keeps it.
        """
        entry = self.root / digest
        try:
            recorded = json.loads((entry / MANIFEST).read_bytes())["sha256"]
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError):
            # The manifest itself was damaged: the bundle cannot be checked.
            recorded = None
        if recorded is None or _hashes(entry / BUNDLE) != recorded:
            logger.warning("Search index: the cached Pagefind bundle %s was damaged (its files do not "
                           "match their sha256); it is indexed again.", entry)
            return None
        os.utime(entry)
        return entry / BUNDLE

    def begin(self):
        """A new temporary folder under the cache in which to make a bundle.

        The bundle goes in its `BUNDLE` subfolder; anything else put in the
        folder (Pagefind's input) is removed by complete() or discard().
        """
        self.root.mkdir(parents=True, exist_ok=True)
        self._remove_abandoned()
        return Path(tempfile.mkdtemp(prefix=f"{TEMPORARY}{os.getpid()}-", dir=self.root))

    def complete(self, work, digest):
        """Cache the bundle made in `work` (from begin()) under `digest`; return it.

        An older entry for the same digest (incomplete, or re-indexed on
        purpose) is replaced. Older digests beyond KEEP are deleted.
        """
        try:
            for extra in work.iterdir():
                if extra.is_dir() and extra.name != BUNDLE:
                    shutil.rmtree(extra)
                elif not extra.is_dir():
                    extra.unlink()
            (work / MANIFEST).write_text(json.dumps({"sha256": _hashes(work / BUNDLE)}), encoding="utf-8")
            self._install(work, self.root / digest)
        finally:
            self.discard(work)
        self._prune()
        return self.root / digest / BUNDLE

    @staticmethod
    def discard(work):
        """Delete a folder from begin() that will not be completed."""
        shutil.rmtree(work, ignore_errors=True)

    def _install(self, work, entry):
        """Move the finished `work` folder to `entry`, replacing what is there."""
        if entry.exists():
            self._discard(entry)
        try:
            os.replace(work, entry)
        except OSError:
            # Another build of the same site installed this digest first.
            if self.find(entry.name) is None:
                raise

    def _discard(self, entry):
        """Delete `entry`, renaming it away first so it is never seen half-deleted."""
        doomed = Path(tempfile.mkdtemp(prefix=f"{TEMPORARY}{os.getpid()}-", dir=self.root))
        try:
            os.replace(entry, doomed / entry.name)
        except FileNotFoundError:
            pass
        shutil.rmtree(doomed, ignore_errors=True)

    def _prune(self):
        """Delete all but the KEEP most recently used digests."""
        entries = [path for path in self.root.iterdir() if (path / MANIFEST).is_file()]
        entries.sort(key=_last_used, reverse=True)
        for stale in entries[KEEP:]:
            self._discard(stale)

    def _remove_abandoned(self):
        """Delete temporary folders left by builds that were killed."""
        for path in self.root.glob(f"{TEMPORARY}*"):
            owner = path.name[len(TEMPORARY):].split("-", 1)[0]
            if owner.isdigit() and not _running(int(owner)):
                shutil.rmtree(path, ignore_errors=True)


def _inventory(folder):
    """{relative path: size} of every file under `folder`; empty if it is missing."""
    found = {}
    for parent, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(parent, name)
            found[os.path.relpath(path, folder)] = os.path.getsize(path)
    return found


def _hashes(folder):
    """{relative path: sha256} of every file under `folder`; empty if it is missing."""
    return {
        relative: hashlib.sha256((Path(folder) / relative).read_bytes()).hexdigest()
        for relative in _inventory(folder)
    }


def _last_used(entry):
    """When `entry` was stored or last found; 0 if another build just deleted it."""
    try:
        return entry.stat().st_mtime
    except FileNotFoundError:
        return 0


def _running(pid):
    """True if process `pid` exists (it may belong to another user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def copy_bundle(bundle, destination):
    """Make the folder `destination` hold exactly the files of `bundle`, byte for byte.

    Files already there with the same bytes are left alone, so an unchanged
    index costs reads, not writes. Files no longer in the bundle are removed:
    Pagefind names its files by content, so an earlier build's files would
    otherwise linger beside the new ones.
    """
    bundle, destination = Path(bundle), Path(destination)
    wanted = _inventory(bundle)
    for stale in _inventory(destination).keys() - wanted.keys():
        (destination / stale).unlink()
    for relative, size in wanted.items():
        source, target = bundle / relative, destination / relative
        if _same_bytes(source, target, size):
            continue
        # A new file, not one rewritten in place: another name may link to the old one.
        target.unlink(missing_ok=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for parent, _, _ in os.walk(destination, topdown=False):
        if not os.listdir(parent) and not os.path.samefile(parent, destination):
            os.rmdir(parent)


def _same_bytes(source, target, size):
    """True if `target` is a file holding the same `size` bytes as `source`."""
    try:
        if target.stat().st_size != size:
            return False
        return target.read_bytes() == source.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return False
