"""The sitemap plugin's settings and their defaults, read in this one place.

SITEMAP_SAVE_AS          where the sitemap is written, below the output ("sitemap.xml")
ROBOTS_SAVE_AS           where robots.txt is written ("robots.txt")
SITEMAP_EXCLUDE          output paths (shell patterns) never listed, e.g. the
                         "not found" page (["404.html"])
SITEMAP_PREVIEW_SITEURL  the address a preview build (SITEURL "") uses for its
                         sitemap, which must hold absolute URLs: the local
                         preview server ("http://localhost:8000")
"""

DEFAULTS = {
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "ROBOTS_SAVE_AS": "robots.txt",
    "SITEMAP_EXCLUDE": ["404.html"],
    "SITEMAP_PREVIEW_SITEURL": "http://localhost:8000",
}


def get(settings, name):
    """The setting `name`, or its documented default."""
    return settings.get(name, DEFAULTS[name])
