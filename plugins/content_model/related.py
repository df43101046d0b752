"""What to read next: related articles, and the previous and next in a category.

Worked out once Pelican's article list is final, after withdrawals, so only
published articles are ever suggested. Sets on every published article:

    related                up to RELATED_COUNT articles: most shared tags
                           first, then the same category, newest first
    previous_in_category   the next older article of its category, or None
    next_in_category       the next newer article of its category, or None
"""

from . import settings


def link(generator):
    """Give every published article its related articles and its neighbours."""
    published = generator.articles
    count = settings.get(generator.settings, "RELATED_COUNT")
    for article in published:
        article.related = related(article, published, count)
    _link_neighbours(published)


def related(article, candidates, count):
    """Up to `count` candidates that share tags with `article`, or its category."""
    tags = _tag_slugs(article)
    ranked = []
    for other in candidates:
        if other is article:
            continue
        shared = len(tags & _tag_slugs(other))
        same_category = other.category == article.category
        if shared or same_category:
            ranked.append(((shared, same_category, other.date, other.slug), other))
    ranked.sort(key=lambda pair: pair[0], reverse=True)
    return [other for _, other in ranked[:count]]


def _tag_slugs(article):
    return {tag.slug for tag in getattr(article, "tags", None) or ()}


def _link_neighbours(published):
    by_category = {}
    for article in sorted(published, key=lambda a: (a.date, a.slug)):
        by_category.setdefault(article.category, []).append(article)
    for series in by_category.values():
        for index, article in enumerate(series):
            article.previous_in_category = series[index - 1] if index else None
            article.next_in_category = series[index + 1] if index + 1 < len(series) else None
