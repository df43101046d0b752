"""site_search: a search page and a Pagefind index of what this build published.

The index is built from the published articles and pages themselves
(records.py), not by crawling output/: drafts, hidden pages, withdrawn
articles and stories without web consent never reach it, and each article
carries its kind (Myths, News, Patient Stories, Questions) as Pagefind
metadata, filtered on the search page (Pagefind filters are written in a
random order, which would make publishes differ byte for byte). It is
made in every build, `make html` and `make publish` alike (pagefind_index.py):
Pagefind starts once the content is read and runs while Pelican writes the
pages; its bundle is written into output/pagefind/ together with Pagefind's own
script and styles (the devserver's builds leave that to a process that runs
after them, background.py); when nothing it indexes has changed, the bundle is
copied from a cache outside the output (bundle_cache.py) instead of running
Pagefind again. The search page (search_page.py, theme search.html) works
without JavaScript as a list of links to each kind. Settings: settings.py.
"""

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from . import background, pagefind_index, records, settings
from .bundle_cache import BundleCache
from .search_page import SearchPageGenerator

# The index being made for the build under way (a pagefind_index.Indexing).
_pending = {"indexing": None}

logger = logging.getLogger(__name__)


def add_generator(pelican):
    """Hand Pelican the search page's generator."""
    return SearchPageGenerator


def start_index(generators):
    """Index this build's published articles and pages, in the background."""
    published = {"articles": [], "pages": []}
    conf = generators[0].settings
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            published["articles"] = generator.articles + generator.translations
        elif isinstance(generator, PagesGenerator):
            published["pages"] = generator.pages + generator.translations
    # A build in the same process that failed half-way.
    if _pending["indexing"] is not None:
        _pending["indexing"].abandon()
    cache = BundleCache(settings.cache_dir(conf))
    bundle_dir = Path(conf["OUTPUT_PATH"]) / settings.BUNDLE_DIR
    # Stops an index an earlier build is still making for the same output.
    claim = background.claim(cache.root, bundle_dir)
    _pending["indexing"] = pagefind_index.start(
        records.collect(published["articles"], published["pages"]),
        conf.get("DEFAULT_LANG", "en"),
        cache,
        # --ignore-cache asks for everything to be made anew, the index too.
        reuse=conf.get("LOAD_CONTENT_CACHE", False),
        wait=settings.get(conf, "SEARCH_INDEX_WAIT"),
    )
    _pending["where"] = (cache, bundle_dir, claim)


def write_index(pelican):
    """Put the finished index into output/pagefind/, or leave it to a process of its own."""
    indexing, _pending["indexing"] = _pending["indexing"], None
    cache, bundle_dir, claim = _pending.pop("where")
    if indexing.handed_over is not None:
        background.hand_over({**indexing.handed_over, "cache": str(cache.root), "into": str(bundle_dir),
                              "claim": claim})
        logger.info("Search index: Pagefind indexes %d pages after the build; the search page "
                    "catches up in a few seconds (its log: %s)", indexing.pages, background.log_path(cache.root))
        return
    with background.copying(cache.root):
        indexing.finish(bundle_dir)


def register():
    """Connect to Pelican."""
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(start_index)
    signals.finalized.connect(write_index)
