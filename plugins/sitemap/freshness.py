"""When each page last changed, from the articles it shows: the sitemap's lastmod."""


def last_modified(context):
    """The latest `updated` of what the page shows, or None when it shows no article.

    An article page changes with its article (modified or reviewed); a
    listing (home, category, tag, clinician) with the newest article on it.
    """
    article = context.get("article")
    if article is not None:
        return article.updated
    page = context.get("page")
    if page is not None:
        return getattr(page, "modified", None) or getattr(page, "date", None)
    clinician = context.get("clinician")
    if clinician is not None:
        shown = list(clinician.articles) + list(clinician.reviewed)
    elif context.get("articles_page") is not None:
        shown = context["articles_page"].object_list
    else:
        shown = context.get("articles") or []
    return max((item.updated for item in shown), default=None)
