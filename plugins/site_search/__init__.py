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
script and styles (the devserver's builds leave that to the devserver, which
runs Pagefind after reloading the tab: later.py); when nothing it indexes has changed, the bundle is
copied from a cache outside the output (bundle_cache.py) instead of running
Pagefind again. The search page (search_page.py, theme search.html) works
without JavaScript as a list of links to each kind. Settings: settings.py.
"""

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from . import later, pagefind_index, records, settings
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
    later_folder = settings.get(conf, "SEARCH_INDEX_LATER")
    if later_folder:
        later.clear(later_folder)
    _pending["indexing"] = pagefind_index.start(
        records.collect(published["articles"], published["pages"]),
        conf.get("DEFAULT_LANG", "en"),
        cache,
        # --ignore-cache asks for everything to be made anew, the index too.
        reuse=conf.get("LOAD_CONTENT_CACHE", False),
        run=not later_folder,
    )
    _pending["where"] = (cache, Path(conf["OUTPUT_PATH"]) / settings.BUNDLE_DIR, later_folder)


def write_index(pelican):
    """Put the finished index into output/pagefind/, or leave Pagefind's input for the devserver."""
    indexing, _pending["indexing"] = _pending["indexing"], None
    cache, bundle_dir, later_folder = _pending.pop("where")
    if indexing.not_run is not None:
        later.leave(later_folder, **indexing.not_run, cache=cache.root, into=bundle_dir)
        logger.info("Search index: left %d pages for Pagefind, which runs once the page has reloaded",
                    indexing.pages)
        return
    indexing.finish(bundle_dir)


def register():
    """Connect to Pelican."""
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(start_index)
    signals.finalized.connect(write_index)
