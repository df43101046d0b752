"""JSON-LD for an article: its MedicalWebPage, and the item its kind calls for.

    myth      ClaimReview (the claim, its verdict as the rating's alternateName)
    news      NewsArticle
    story     Article
    question  QAPage holding the Question and its accepted Answer

The item carries the headline, dates, image, authors and publisher; the
MedicalWebPage carries the medical review and points to the item as its
main entity, so no fact is written twice into the page's head.
"""

from clinic import dates

from .things import CONTEXT, card_image, clinic, compact, person, plain, text

# schema.org's audience for pages written for patients rather than clinicians.
PATIENTS = {"@type": "MedicalAudience", "audienceType": "Patient"}


def blocks(article, site):
    """Every JSON-LD item for one article page."""
    build, fragment = _BY_KIND[article.kind.key]
    item_id = site.url(article.url) + fragment
    return [medical_web_page(article, site, item_id), build(article, site, item_id)]


def _page_id(article, site):
    return site.url(article.url) + "#webpage"


def _language(article, site):
    return getattr(article, "lang", None) or site.lang


def _authors(article, site):
    return [person(clinician, site) for clinician in article.author_clinicians]


def _creative_work(article, site):
    """What the article's item says: headline, dates, people, image."""
    return {
        "url": site.url(article.url),
        "headline": article.headline,
        "description": plain(article.summary),
        "inLanguage": _language(article, site),
        "image": card_image(getattr(article, "share_card", None), site),
        "datePublished": dates.iso(article.date),
        "dateModified": dates.iso(article.updated),
        "author": _authors(article, site),
        "publisher": clinic(site),
    }


def _about(article):
    """The page's topics: its tags, or its title when it has none."""
    names = [tag.name for tag in getattr(article, "tags", None) or []] or [article.headline]
    return [{"@type": "Thing", "name": name} for name in names]


def medical_web_page(article, site, item_id):
    """The page itself: who reviewed it medically, when, for whom, about what."""
    return compact({
        "@context": CONTEXT,
        "@type": "MedicalWebPage",
        "@id": _page_id(article, site),
        "url": site.url(article.url),
        "name": article.headline,
        "inLanguage": _language(article, site),
        "lastReviewed": article.reviewed_on.date().isoformat() if article.reviewed_on else None,
        "reviewedBy": person(article.reviewer, site) if article.reviewer else None,
        "medicalAudience": PATIENTS,
        "about": _about(article),
        "mainEntity": {"@id": item_id},
    })


def claim_review(article, site, item_id):
    """A myth: the claim people make, rated with the article's verdict."""
    return compact({
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "@id": item_id,
        **_creative_work(article, site),
        "mainEntityOfPage": {"@id": _page_id(article, site)},
        "claimReviewed": text(article.claim),
        "itemReviewed": {"@type": "Claim", "name": text(article.claim)},
        "reviewRating": {"@type": "Rating", "alternateName": article.verdict.label},
    })


def _article(article, site, item_id, schema_type):
    return compact({
        "@context": CONTEXT,
        "@type": schema_type,
        "@id": item_id,
        **_creative_work(article, site),
        "mainEntityOfPage": {"@id": _page_id(article, site)},
        "articleSection": str(article.category),
        "keywords": [tag.name for tag in getattr(article, "tags", None) or []],
    })


def news_article(article, site, item_id):
    """A news item as a NewsArticle, based on the report it links to."""
    return compact({
        **_article(article, site, item_id, "NewsArticle"),
        "isBasedOn": getattr(article, "source_url", None),
    })


def story_article(article, site, item_id):
    """A patient story as an Article."""
    return _article(article, site, item_id, "Article")


def qa_page(article, site, item_id):
    """A patient question: the question, answered by the article's authors."""
    answer = compact({
        "@type": "Answer",
        "text": plain(article.summary),
        "url": site.url(article.url),
        "author": _authors(article, site),
        "datePublished": dates.iso(article.date),
    })
    question = compact({
        "@type": "Question",
        "@id": item_id,
        "name": text(article.question),
        "text": text(article.question),
        "answerCount": 1,
        "datePublished": dates.iso(article.date),
        "acceptedAnswer": answer,
    })
    return compact({
        "@context": CONTEXT,
        "@type": "QAPage",
        **_creative_work(article, site),
        "name": article.headline,
        "mainEntity": question,
    })


# Each kind's item, and the fragment that makes its @id unique on the page.
_BY_KIND = {
    "myth": (claim_review, "#claimreview"),
    "news": (news_article, "#article"),
    "story": (story_article, "#article"),
    "question": (qa_page, "#question"),
}
