"""Remember what sanitising and the identifier scan found, between builds.

Pelican's content cache skips reading unchanged Markdown, but every build
still sanitises and scans every article, which takes longer than the rest of
a warm rebuild. So each result is kept under a sha256 of exactly what it
depends on: the text it was computed from, the settings it reads, and a
fingerprint of the code that computed it (markup.py, scan.py, identifiers.py,
names.py, clinic/text.py, this module, and the versions of nh3, lxml,
phonenumbers, philter-lite, marisa-trie and Python). An edit to any of them gives a new key, never a
stale result.

What was found is kept, not the problems: every build reports them again, at
the line where the source says them now, so a warm build prints the same
warnings and errors as a cold one.

The results are kept with clinic.kept_results (one JSON file, written
atomically, holding only what the last build used). Settings: PRIVACY_CACHE
(settings.py).
"""

import dataclasses
import functools
import hashlib
import json
import sys

from clinic import kept_results, workers
from clinic import text as html_text

from . import identifiers, markup, names, scan, settings

FILE_NAME = "results.json"
_CODE = (markup, scan, identifiers, names, html_text, sys.modules[__name__])
_LIBRARIES = ("nh3", "lxml", "phonenumbers", "philter-lite", "marisa-trie")


# Fewer articles to scan than this, and the build scans them itself.
SCAN_AHEAD_MIN = 50

_build = None
# In a scanning worker: the build's scan.Allowed.
_allowed = None


def for_build(conf):
    """The results of the build under way, opened on first use."""
    global _build
    path = kept_results.path_for(conf, settings.get(conf, "PRIVACY_CACHE"), FILE_NAME)
    if _build is None or _build.path != path:
        finish()
        _build = kept_results.KeptResults(path, _code(), load=bool(conf.get("LOAD_CONTENT_CACHE")))
    return _build


def finish():
    """Save the build's results and start afresh next build (the devserver rebuilds in one process)."""
    global _build
    if _build is not None:
        _build.save("patient_privacy")
    _build = None


def clean(results, html, embeds):
    """markup.clean(html, embeds), reusing an earlier build's result."""
    if not html or "<" not in html:
        return markup.clean(html, embeds)
    return _reuse(results, _key("clean", html, embeds), lambda: markup.clean(html, embeds),
                  lambda cleaned: [cleaned[0], [dataclasses.astuple(removal) for removal in cleaned[1]]],
                  lambda stored: (_text(stored[0]), [markup.Removal(*_texts(removal, 3)) for removal in stored[1]]))


def findings(results, articles, allowed, count):
    """For each article, in order, the identifiers in it that `allowed` does not cover
    (scan.found_in), reusing an earlier build's results.

    Scanning is most of a cold build's privacy review (some 5 ms an article)
    and the same function of every article's texts, so when at least
    SCAN_AHEAD_MIN articles need it, `count` worker processes share them out
    (with one, or fewer articles, forking costs more than it saves).
    """
    state = _state(allowed)
    keyed = []
    waiting = {}
    for article in articles:
        texts = scan.read(article)
        key = _key("scan", texts["body"], {**texts, "body": None}, state)
        keyed.append((key, texts))
        if results.recall(key) is None:
            waiting[key] = texts
    if count > 1 and len(waiting) >= SCAN_AHEAD_MIN:
        with workers.pool(count, _keep_allowed, (allowed,)) as pool:
            for key, stored in zip(waiting, pool.map(_scan, waiting.values(), chunksize=8)):
                results.remember(key, stored)
    return [_reuse(results, key, functools.partial(scan.found_in, texts, allowed), _stored_findings,
                   _restored_findings) for key, texts in keyed]


def _keep_allowed(allowed):
    global _allowed
    _allowed = allowed


def _scan(texts):
    """In a worker: what the scan finds in one article, as kept."""
    return _stored_findings(scan.found_in(texts, _allowed))


def _stored_findings(found):
    # Lists, as JSON gives them back: a finding a worker made is restored at once.
    return [list(dataclasses.astuple(finding)) for finding in found]


def _restored_findings(stored):
    return [scan.Finding(*_texts(finding, 3)) for finding in stored]


def _reuse(results, key, compute, store, restore):
    """restore(what is stored under `key`), or compute() and store it.

    What cannot be restored (a file damaged on disk, say) is computed again:
    a cache never fails a build.
    """
    stored = results.recall(key)
    if stored is not None:
        try:
            return restore(stored)
        except (TypeError, ValueError, IndexError):
            pass
    value = compute()
    results.remember(key, store(value))
    return value


def _text(value):
    if not isinstance(value, str):
        raise TypeError(f"not a text: {value!r}")
    return value


def _texts(values, count):
    if not isinstance(values, list) or len(values) != count:
        raise ValueError(f"not {count} texts: {values!r}")
    return [_text(value) for value in values]


def _key(kind, text, *parts):
    """A sha256 of the code, the kind of result, the text it is computed from and
    everything else it depends on."""
    digest = hashlib.sha256(json.dumps([_code(), kind, *parts], sort_keys=True, default=_json_ready).encode())
    # The text (most often a whole body) follows as it is, which is quicker than
    # writing it as JSON; the JSON before it ends where its brackets close, so
    # two different keys' inputs never read the same.
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _state(allowed):
    """What a scan.Allowed holds, in a form that hashes the same every build."""
    return {name: _json_ready(value) for name, value in vars(allowed).items()}


def _json_ready(value):
    # Sets iterate in a different order in every process.
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    return value if isinstance(value, (str, int, float, bool, type(None), list, tuple, dict)) else repr(value)


@functools.cache
def _code():
    """A fingerprint of the code whose results are kept: any change to it is a new key."""
    return kept_results.code_fingerprint(_CODE, _LIBRARIES)
