"""Run Pelican's command line, and fail unless the build ran to its very end.

Pelican's command line catches KeyboardInterrupt, prints "Keyboard interrupt
received. Exiting." and exits with status 0, so a build stopped half-way
looks like a finished one. A publish must never swap in such a tree, so this
wrapper notes when Pelican.run() has returned (every generator, every
`finalized` handler such as the search index, done) and exits with 130
otherwise. Run it as a script with Pelican's own arguments.

It also discards a damaged content cache. Pelican catches only some of the
errors a cache file cut short or garbled raises (an empty file gives
EOFError, a garbled gzip stream zlib.error), so one such file would fail
every build until `make clean`, and it warns once per file in words about
pickle protocols. Here each file's gzip CRC is checked before Pelican reads
it; a damaged one is deleted, with one warning for the build, and the build
goes on with an empty cache, as on a first run.

The build dies with the publish that started it: a publish killed outright
cannot stop it, and it would go on writing into a staging folder that the
next publish deletes. A full disk or a read-only output is said in one
sentence, not with Pelican's traceback.
"""

import contextlib
import gzip
import logging
import os
import sys
import zlib
from pathlib import Path

import pelican
import pelican.cache
from pelican import signals

import interrupts
import storage

STOPPED_EARLY = 130
logger = logging.getLogger(__name__)


def _damage(path):
    """What is wrong with the gzip cache file `path`, or None if it is whole or absent.

    Reading it to the end checks its CRC: pickle stops at its last opcode,
    before gzip would, so a garbled stream can otherwise load as other data.
    """
    try:
        with gzip.open(path, "rb") as file:
            while file.read(1 << 20):
                pass
    except FileNotFoundError:
        return None
    except (OSError, EOFError, zlib.error) as error:
        return error
    return None


def discard_damaged_caches():
    """Make Pelican treat a cache file it cannot load as absent, and delete it (one warning)."""
    load = pelican.cache.FileDataCacher.__init__
    warned = []

    def load_or_discard(self, settings, cache_name, caching_policy, load_policy):
        path = os.path.join(settings["CACHE_PATH"], cache_name)
        problem = _damage(path) if load_policy and settings.get("GZIP_CACHE", True) else None
        if problem is None:
            try:
                load(self, settings, cache_name, caching_policy, load_policy)
                return
            except Exception as error:  # whatever the damage raises, the cache is only a speed-up
                problem = error
        if not warned:
            warned.append(path)
            logger.warning("Pelican's content cache was damaged (%s: %s: %s); the damaged files were "
                           "deleted and are made again by this build.", path, type(problem).__name__, problem)
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)
        load(self, settings, cache_name, caching_policy, False)

    # FileStampDataCacher and every generator's cache go through this, by super().
    pelican.cache.FileDataCacher.__init__ = load_or_discard


def _wrote_a_file(path, context=None):
    # Half-way through writing the site: where the fault tests kill a build.
    interrupts.pause_point("pelican")


def main(argv):
    """Run `pelican argv`; return 0 only if Pelican.run() completed."""
    interrupts.die_with_parent(os.getppid())
    completed = []
    run = pelican.Pelican.run

    def run_to_the_end(self):
        try:
            run(self)
        except OSError as error:
            if not storage.cannot_write(error):
                raise
            # Pelican would log it with a traceback, naming a staging file nobody knows.
            print(f"Pelican could not write the site: {storage.explain(error, Path(self.output_path).parent)}.",
                  file=sys.stderr)
            sys.exit(1)
        completed.append(self)

    # A subclass named by the PELICAN_CLASS setting calls this too, through super().
    pelican.Pelican.run = run_to_the_end
    discard_damaged_caches()
    signals.content_written.connect(_wrote_a_file)
    pelican.main(argv)
    if not completed:
        print("Pelican stopped before the end of the build.", file=sys.stderr)
        return STOPPED_EARLY
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
