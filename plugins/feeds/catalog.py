"""Which feeds the site has, what each is for, and which articles each holds.

One feed of all articles, one per category, per tag and per clinician that
has an article in feeds (an empty one is not written or offered). An
article appears in a feed only when it is published, dated today or earlier,
and allowed there ("feeds" in its channels: a patient story needs the
patient's consent for feeds).
"""

from dataclasses import dataclass, field
from datetime import datetime, timezone

from . import settings


@dataclass
class Feed:
    """One feed: its files (without extension), its page and its articles."""

    name: str
    group: str
    label: str
    title: str
    description: str
    path: str
    page_url: str
    articles: list = field(default_factory=list)
    has_json: bool = False

    @property
    def atom_path(self):
        """The Atom file, below output/."""
        return f"{self.path}.atom.xml"

    @property
    def rss_path(self):
        """The RSS 2.0 file, below output/."""
        return f"{self.path}.rss.xml"

    @property
    def json_path(self):
        """The JSON Feed file, below output/ (only when has_json)."""
        return f"{self.path}.json"


@dataclass
class Catalog:
    """Every feed of one build; templates read it as `feeds`."""

    all: Feed
    categories: list
    tags: list
    clinicians: list
    page_path: str

    def __iter__(self):
        yield self.all
        yield from self.categories
        yield from self.tags
        yield from self.clinicians

    def for_category(self, category):
        """The feed of a category page, or None."""
        return _by_name(self.categories, category.slug)

    def for_tag(self, tag):
        """The feed of a tag page, or None."""
        return _by_name(self.tags, f"tag-{tag.slug}")

    def for_clinician(self, clinician):
        """The feed of a clinician page, or None."""
        return _by_name(self.clinicians, f"clinician-{clinician.slug}")


def _by_name(feeds, name):
    return next((feed for feed in feeds if feed.name == name), None)


def in_feeds(article, now):
    """Whether an article may appear in feeds at the moment `now`."""
    return (
        getattr(article, "status", "published") == "published"
        and "feeds" in getattr(article, "channels", ())
        and article.date <= now
    )


def build(context, conf, now=None):
    """The catalog of feeds for a build's context (after the articles are read)."""
    now = now or datetime.now(timezone.utc)
    limit = settings.get(conf, "FEED_MAX_ITEMS")
    folder = settings.get(conf, "FEEDS_PATH").strip("/")
    site = conf["SITENAME"]

    def select(articles):
        chosen = sorted((a for a in articles if in_feeds(a, now)),
                        key=lambda a: (a.date, a.file_slug), reverse=True)
        return chosen if limit is None else chosen[:limit]

    every = Feed(
        "all", "all", "All articles", site,
        f"Every article from {site}, newest first.",
        f"{folder}/all", "", select(context.get("articles", [])),
        has_json=bool(settings.get(conf, "FEED_JSON")),
    )
    categories = [
        Feed(category.slug, "category", category.name, f"{category.name} · {site}",
             f"Only the {category.name} articles from {site}.",
             f"{folder}/categories/{category.slug}", category.url, select(articles))
        for category, articles in sorted(context.get("categories", []), key=lambda pair: pair[0].name)
    ]
    tags = [
        Feed(f"tag-{tag.slug}", "tag", tag.name, f"“{tag.name}” · {site}",
             f"Articles from {site} tagged “{tag.name}”.",
             f"{folder}/tags/{tag.slug}", tag.url, select(articles))
        for tag, articles in sorted(context.get("tags", []), key=lambda pair: pair[0].name.casefold())
    ]
    clinicians = [
        Feed(f"clinician-{clinician.slug}", "clinician", clinician.display, f"{clinician.display} · {site}",
             f"Articles written by {clinician.display}, {clinician.role}.",
             f"{folder}/clinicians/{clinician.slug}", clinician.url, select(clinician.articles))
        for clinician in context.get("clinicians", [])
    ]
    # A feed with nothing in it is neither written nor offered: readers would
    # show an empty, undated feed, and auto-posters would poll it for nothing.
    # The feed of all articles stays, as the site's one stable address.
    return Catalog(every, _held(categories), _held(tags), _held(clinicians), f"{folder}/index.html")


def _held(feeds):
    return [feed for feed in feeds if feed.articles]
