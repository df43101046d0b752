"""Re-render articles when the glossary changes.

Pelican's content cache keeps each article's HTML until its own file changes,
so an edited glossary would not reach unchanged articles. The glossary's
fingerprint is kept beside the cache; when it differs, this build does not
load the cache (and rewrites it).
"""

import hashlib
from pathlib import Path

_STAMP = "medical_glossary.sha256"


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
    previous = stamp.read_text(encoding="utf-8").strip() if stamp.is_file() else None
    if previous != fingerprint(glossary):
        settings["LOAD_CONTENT_CACHE"] = False


def remember(settings, glossary):
    """Record which glossary the content cache was just written with."""
    if not settings.get("CACHE_CONTENT"):
        return
    stamp = _stamp_path(settings)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(fingerprint(glossary) + "\n", encoding="utf-8")
