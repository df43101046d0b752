"""Re-render articles when the glossary changes.

Pelican's content cache keeps each article's HTML until its own file changes,
so an edited glossary would not reach unchanged articles. The glossary's
fingerprint is kept beside the cache; when it differs, this build does not
load the cache (and rewrites it).
"""

import hashlib
import logging
import re
from pathlib import Path

logger = logging.getLogger(__name__)

_STAMP = "medical_glossary.sha256"
_SHA256_LINE = re.compile(rb"[0-9a-f]{64}\n")


def fingerprint(glossary):
    """A short text that changes whenever any entry changes."""
    text = "\n".join(f"{key}\t{value}" for key, value in sorted(glossary.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stamp_path(settings):
    return Path(settings["CACHE_PATH"]) / _STAMP


def skip_stale_cache(settings, glossary):
    """Turn off loading the content cache when it was made with another glossary."""
    if not settings.get("LOAD_CONTENT_CACHE"):
        return
    stamp = _stamp_path(settings)
    try:
        previous = stamp.read_bytes()
    except FileNotFoundError:
        previous = None
    if previous is not None and not _SHA256_LINE.fullmatch(previous):
        # Cut short, garbled or emptied: which glossary made the cache is unknown.
        logger.warning("The glossary's stamp %s beside Pelican's content cache was damaged; the cache is "
                       "not used, and this build makes it again.", stamp)
    if previous != (fingerprint(glossary) + "\n").encode():
        settings["LOAD_CONTENT_CACHE"] = False


def remember(settings, glossary):
    """Record which glossary the content cache was just written with."""
    if not settings.get("CACHE_CONTENT"):
        return
    stamp = _stamp_path(settings)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint(glossary) + "\n", encoding="utf-8")
