"""site_search: a search page and a Pagefind index of what this build published.

The index is built from the published articles and pages themselves
(records.py), not by crawling output/: drafts, hidden pages, withdrawn
articles and stories without web consent never reach it, and each article
carries its kind (Myths, News, Patient Stories, Questions) as Pagefind
metadata, filtered on the search page (Pagefind filters are written in a
random order, which would make publishes differ byte for byte). It is
written at the end of every build, `make html` and `make publish` alike
(pagefind_index.py), into output/pagefind/ together with Pagefind's own
script and styles; when nothing it indexes has changed, the bundle is
copied from a cache outside the output (bundle_cache.py) instead of running
Pagefind again. The search page (search_page.py, theme search.html) works
without JavaScript as a list of links to each kind. Settings: settings.py.
"""

from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from . import pagefind_index, records, settings
from .bundle_cache import BundleCache
from .search_page import SearchPageGenerator

_published = {"articles": [], "pages": []}


def add_generator(pelican):
    """Hand Pelican the search page's generator."""
    return SearchPageGenerator


def remember_published(generators):
    """Keep this build's published articles and pages for the index."""
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            _published["articles"] = generator.articles + generator.translations
        elif isinstance(generator, PagesGenerator):
            _published["pages"] = generator.pages + generator.translations


def write_index(pelican):
    """Index the published content into output/pagefind/."""
    found = records.collect(_published["articles"], _published["pages"])
    pagefind_index.write(
        found,
        Path(pelican.output_path) / settings.BUNDLE_DIR,
        pelican.settings.get("DEFAULT_LANG", "en"),
        BundleCache(settings.cache_dir(pelican.settings)),
        # --ignore-cache asks for everything to be made anew, the index too.
        reuse=pelican.settings.get("LOAD_CONTENT_CACHE", False),
    )


def register():
    """Connect to Pelican."""
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(remember_published)
    signals.finalized.connect(write_index)
