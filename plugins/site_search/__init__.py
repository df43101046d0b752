"""site_search: a search page and a Pagefind index of what this build published.

The index is built from the published articles and pages themselves
(records.py), not by crawling output/: drafts, hidden pages, withdrawn
articles and stories without web consent never reach it, and each article
carries a "kind" filter (Myths, News, Patient Stories, Questions). It is
written at the end of every build, `make html` and `make publish` alike
(pagefind_index.py), into output/pagefind/ together with Pagefind's own
script and styles. The search page (search_page.py, theme search.html)
works without JavaScript as a list of links to each kind. Settings:
settings.py.
"""

from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from . import pagefind_index, records, settings
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
    )


def register():
    """Connect to Pelican."""
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(remember_published)
    signals.finalized.connect(write_index)
