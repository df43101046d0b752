"""What to read next: related articles, and the previous and next in a category.

Worked out once Pelican's article list is final, after withdrawals, so only
published articles are ever suggested. Sets on every published article:

    related                up to RELATED_COUNT articles: most shared tags
                           first, then the same category, newest first
    previous_in_category   the next older article of its category, or None
    next_in_category       the next newer article of its category, or None
"""

import heapq
from collections import Counter

from . import settings


def link(generator):
    """Give every published article its related articles and its neighbours."""
    published = generator.articles
    count = settings.get(generator.settings, "RELATED_COUNT")
    tags_of, by_tag, by_category = _indexes(published)
    # Ranking compares categories many times per article: compare their
    # slugs, the same test as Category's ==, without its cost.
    category_of = {id(article): article.category.slug for article in published}
    order_of = _order(published)
    for article in published:
        article.related = related(article, tags_of[id(article)], by_tag, by_category, count, category_of, order_of)
    _link_neighbours(by_category)


def _rank(article):
    return (article.date, article.slug)


def _order(published):
    """Each article's place (by id) among all by date, then slug: equal (date, slug), equal place.

    One integer per article, so ranking compares numbers, not tuples of dates and strings.
    """
    ranks = sorted({_rank(article) for article in published})
    place = {rank: index for index, rank in enumerate(ranks)}
    return {id(article): place[_rank(article)] for article in published}


def _indexes(published):
    """Each article's tag slugs (by id), articles by tag slug, and by category newest first.

    Looking candidates up by tag keeps this linear in the number of articles
    that really share something: comparing every pair took seconds on a
    thousand-article site, on every rebuild.
    """
    tags_of, by_tag, by_category = {}, {}, {}
    for article in published:
        slugs = tags_of[id(article)] = frozenset(tag.slug for tag in getattr(article, "tags", None) or ())
        for slug in slugs:
            by_tag.setdefault(slug, []).append(article)
        by_category.setdefault(article.category, []).append(article)
    for series in by_category.values():
        series.sort(key=_rank, reverse=True)
    return tags_of, by_tag, by_category


def related(article, tag_slugs, by_tag, by_category, count, category_of, order_of):
    """Up to `count` articles that share most tags with `article`, then its category's newest.

    category_of maps each article's id to its category's slug; order_of to its
    place by date and slug (_order). Most shared tags first, then the same
    category, then the newest: one integer says it all.
    """
    shared = Counter(other for slug in tag_slugs for other in by_tag[slug] if other is not article)
    category = category_of[id(article)]
    places = len(order_of) + 1
    ranked = heapq.nlargest(
        count, shared,
        key=lambda other: (shared[other] * 2 + (category_of[id(other)] == category)) * places + order_of[id(other)],
    )
    for other in by_category[article.category]:
        if len(ranked) >= count:
            break
        if other is not article and other not in shared:
            ranked.append(other)
    return ranked


def _link_neighbours(by_category):
    """Previous (older) and next (newer) within each category, newest first."""
    for series in by_category.values():
        for index, article in enumerate(series):
            article.next_in_category = series[index - 1] if index else None
            article.previous_in_category = series[index + 1] if index + 1 < len(series) else None
