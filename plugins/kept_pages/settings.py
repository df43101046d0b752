"""The kept_pages settings and their defaults, read in this one place.

PAGE_CACHE   folder where the pages of the last build are kept, with the
             manifest of what they were made from ("pages", below CACHE_PATH;
             an absolute path is used as it is; "" or None keeps nothing).
             Kept only when Pelican keeps its content cache (CACHE_CONTENT),
             read only when it loads it (LOAD_CONTENT_CACHE; `pelican
             --ignore-cache` renders every page)
"""

DEFAULTS = {
    "PAGE_CACHE": "pages",
}


def get(settings, name):
    """The setting `name`, or its documented default."""
    return settings.get(name, DEFAULTS[name])
