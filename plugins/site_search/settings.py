"""The site_search plugin's settings and their defaults, read in this one place.

SEARCH_SAVE_AS      where the search page is written ("search/index.html")
SEARCH_URL          its address, relative to SITEURL ("search/")
SEARCH_INDEX_CACHE  folder keeping the last Pagefind bundles between builds, so
                    an unchanged site is not indexed again; it must be outside
                    the output; a relative path is relative to the project root,
                    the folder holding the content folder (PATH) (None: the
                    folder search-index in Pelican's CACHE_PATH). Builds with
                    LOAD_CONTENT_CACHE off (--ignore-cache) always index anew.
SEARCH_INDEX_LATER  None: the build ends once the index is in output/pagefind/.
                    A folder: a build whose index is not in the cache leaves
                    Pagefind's input there and ends once the pages are
                    written; the devserver gives its own folder and runs
                    Pagefind itself after reloading the tab (later.py)

The index and Pagefind's script and styles are written to output/pagefind/,
where the search page loads them from: everything is served by the site
itself, nothing from another host.
"""

from pathlib import Path

DEFAULTS = {
    "SEARCH_SAVE_AS": "search/index.html",
    "SEARCH_URL": "search/",
    "SEARCH_INDEX_CACHE": None,
    "SEARCH_INDEX_LATER": None,
}

# Pagefind's own default folder; its script finds the index beside itself.
BUNDLE_DIR = "pagefind"


def get(settings, name):
    """The setting `name`, or its documented default."""
    return settings.get(name, DEFAULTS[name])


def cache_dir(settings):
    """The absolute folder of the index cache; raises ValueError if it is inside the output."""
    chosen = get(settings, "SEARCH_INDEX_CACHE")
    if chosen is None:
        folder = Path(settings["CACHE_PATH"]) / "search-index"
    else:
        folder = Path(chosen).expanduser()
        if not folder.is_absolute():
            folder = Path(settings["PATH"]).resolve().parent / folder
    folder = folder.resolve()
    output = Path(settings["OUTPUT_PATH"]).resolve()
    if folder == output or output in folder.parents:
        raise ValueError(f"SEARCH_INDEX_CACHE: {folder} is inside the output folder, where it would be "
                         "published; choose a folder outside it")
    return folder
