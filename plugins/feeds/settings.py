"""The feeds plugin's settings and their defaults, read in this one place.

FEED_SITEURL     the address feeds put before every link when SITEURL is ""
                 (the preview build): feed readers need absolute links
                 ("http://localhost:8000", where `make serve` listens)
FEED_ID_DOMAIN   the domain in entry ids (tag:DOMAIN,YYYY-MM-DD:/file-slug);
                 None takes the host of SITEURL, else of FEED_SITEURL. Pin it
                 so that moving the blog to another address never changes ids
                 (auto-posters would post every article again) (None)
FEED_MAX_ITEMS   how many of the newest articles each feed holds; None: all.
                 Pelican's own setting, with Pelican's default (100)
FEED_CAMPAIGN    query parameters added to each entry's link, e.g.
                 {"utm_source": "feed", "utm_medium": "social",
                  "utm_campaign": "{category}"}; in values, {feed} is the
                 feed's name (all, myths, tag-flu, clinician-ana-ruiz) and
                 {category} the article's category slug. None: links are
                 left as they are (None)
FEED_JSON        also write a JSON Feed 1.1 of all articles (True)
FEEDS_PATH       the folder below output/ that holds every feed and the
                 page listing them ("feeds")
FEED_STYLESHEET  the XSL stylesheet, below output/, that lets a browser show a
                 feed as a page; "" leaves it out ("theme/feed.xsl", copied
                 from theme/static/feed.xsl)
FEED_CACHE       folder where feed files (in kept/) and each entry's feed
                 HTML (in entries/, a file each) are kept between builds, so a
                 rebuild builds again only the feeds holding an article that
                 changed; one subfolder per site address (preview, publish)
                 ("feeds", below CACHE_PATH; an absolute path is used as it
                 is; "" or None keeps nothing). Kept only when Pelican keeps
                 its content cache (CACHE_CONTENT), read only when it loads
                 it (LOAD_CONTENT_CACHE; `pelican --ignore-cache` turns that
                 off). See kept_feeds.py

Pelican's own FEED_DOMAIN is not used: Pelican sets it to SITEURL, and its
meaning (a prefix for feed URLs) is covered by SITEURL and FEED_SITEURL.
"""

DEFAULTS = {
    "FEED_SITEURL": "http://localhost:8000",
    "FEED_ID_DOMAIN": None,
    "FEED_MAX_ITEMS": 100,
    "FEED_CAMPAIGN": None,
    "FEED_JSON": True,
    "FEEDS_PATH": "feeds",
    "FEED_STYLESHEET": "theme/feed.xsl",
    "FEED_CACHE": "feeds",
}


def get(settings, name):
    """The setting `name`, or its documented default."""
    return settings.get(name, DEFAULTS[name])
