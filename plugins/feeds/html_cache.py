"""Keep each article's feed HTML between builds, so a rebuild prepares only what changed.

Making an article's HTML fit for feeds (feed_html.prepare) parses it and
writes it out again with Beautiful Soup. Each article is prepared once per
build, but on a large site that was still most of the feeds' time, and on a
rebuild nearly every article is as it was. So each result is kept (with
clinic.kept_results) under a sha256 of the HTML and the address its links
are resolved against, with a fingerprint of feed_html.py and of the Beautiful
Soup and Python versions whose html.parser reads the HTML. Setting:
FEED_CACHE (settings.py).
"""

import functools

from clinic import kept_results

from . import feed_html, settings

FILE_NAME = "prepared-html.json"


class PreparedHTML:
    """feed_html.prepare, with the results the previous build kept to hand."""

    def __init__(self, kept):
        self.kept = kept

    def prepare(self, html, page_url):
        """feed_html.prepare(html, page_url), reused when an earlier build had the same input."""
        if not html:
            return feed_html.prepare(html, page_url)
        key = kept_results.key(page_url, html)
        prepared = self.kept.recall(key)
        if prepared is None:
            prepared = feed_html.prepare(html, page_url)
            self.kept.remember(key, prepared)
        return prepared

    def save(self):
        """Keep what this build used for the next one."""
        self.kept.save("feeds")


def for_build(conf):
    """A PreparedHTML for the build whose settings are `conf`."""
    path = kept_results.path_for(conf, settings.get(conf, "FEED_CACHE"), FILE_NAME)
    return PreparedHTML(kept_results.KeptResults(path, _code(), load=bool(conf.get("LOAD_CONTENT_CACHE"))))


@functools.cache
def _code():
    return kept_results.code_fingerprint([feed_html], ["beautifulsoup4"])
