"""The site_search plugin's settings and their defaults, read in this one place.

SEARCH_SAVE_AS   where the search page is written ("search/index.html")
SEARCH_URL       its address, relative to SITEURL ("search/")

The index and Pagefind's script and styles are written to output/pagefind/,
where the search page loads them from: everything is served by the site
itself, nothing from another host.
"""

DEFAULTS = {
    "SEARCH_SAVE_AS": "search/index.html",
    "SEARCH_URL": "search/",
}

# Pagefind's own default folder; its script finds the index beside itself.
BUNDLE_DIR = "pagefind"


def get(settings, name):
    """The setting `name`, or its documented default."""
    return settings.get(name, DEFAULTS[name])
