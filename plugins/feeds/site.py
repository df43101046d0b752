"""The site as feeds describe it: absolute addresses, entry ids, campaigns.

Feed readers and auto-posters fetch a feed from anywhere, so every address
in it is absolute. Entry ids are tag URIs (RFC 4151) made from the first
publication date and the file's slug: a new title, a new body or a new
address never makes an auto-poster take an article for a new one.
"""

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from . import settings


class Site:
    """Names, addresses and ids for one build's feeds."""

    def __init__(self, conf):
        siteurl = conf.get("SITEURL", "")
        absolute = urlsplit(siteurl).scheme in ("http", "https")
        self.base = (siteurl if absolute else settings.get(conf, "FEED_SITEURL")).rstrip("/")
        self.home = self.base + "/"
        self.id_domain = settings.get(conf, "FEED_ID_DOMAIN") or urlsplit(self.base).hostname
        self.campaign = settings.get(conf, "FEED_CAMPAIGN") or {}
        self.name = conf["SITENAME"]
        self.language = conf.get("DEFAULT_LANG", "en")
        # CLINIC["logo"] is a site-relative URL (or a full one).
        logo = (conf.get("CLINIC") or {}).get("logo")
        self.logo = self.absolute(logo) if logo else None
        # The stylesheet must come from the same origin as the feed, so in the
        # preview it is addressed from the root of whatever serves it.
        stylesheet = settings.get(conf, "FEED_STYLESHEET")
        self.stylesheet = f"{siteurl.rstrip('/')}/{stylesheet}" if stylesheet else ""

    def absolute(self, path):
        """The absolute address of a path below the site ("myths/x/", "/myths/x/")."""
        return urljoin(self.home, path)

    def entry_id(self, article):
        """The article's permanent id: tag:DOMAIN,YYYY-MM-DD:/file-slug."""
        return f"tag:{self.id_domain},{article.date:%Y-%m-%d}:/{article.file_slug}"

    def link(self, entry, feed):
        """The entry's address as `feed` gives it: with the campaign parameters, if any."""
        if not self.campaign:
            return entry.url
        values = {"feed": feed.name, "category": entry.article.category.slug}
        added = [(key, str(value).format_map(values)) for key, value in self.campaign.items()]
        parts = urlsplit(entry.url)
        query = parse_qsl(parts.query, keep_blank_values=True) + added
        return urlunsplit(parts._replace(query=urlencode(query)))
