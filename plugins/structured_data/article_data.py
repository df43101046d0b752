"""JSON-LD for an article: the page itself, and the item its kind calls for.

    myth      ClaimReview (the claim, where it goes round, who made it and
              when, its verdict as the rating's alternateName)
    news      NewsArticle
    story     Article
    question  Question with the clinic's full answer as its acceptedAnswer.
              Not QAPage: that is for questions a community answers, and
              these are answered by the clinic's own clinicians

The page comes first and is typed exactly "WebPage": Mastodon reads the
first JSON-LD item whose @type is "WebPage" or "NewsArticle" and nothing
else (app/lib/link_details_extractor.rb), so it carries what a link card
shows (headline, description, image, date, authors, publisher) as well as
the medical review; additionalType keeps it a MedicalWebPage for readers
of schema.org. The item carries what its own type needs.
"""

from clinic import dates
from clinic import text as html_text

from .things import CONTEXT, card_image, clinic, clinic_id, compact, person, text

# schema.org's audience for pages written for patients rather than clinicians.
PATIENTS = {"@type": "MedicalAudience", "audienceType": "Patient"}
MEDICAL_WEB_PAGE = "https://schema.org/MedicalWebPage"


def blocks(article, site):
    """Every JSON-LD item for one article page."""
    build, fragment = _BY_KIND[article.kind.key]
    item_id = site.url(article.url) + fragment
    item = build(article, site, item_id)
    # The page, written first, describes the clinic and the article in full;
    # the item points to the clinic's node and leaves the description to the
    # page, so the head stays within the page-weight budget.
    item.pop("description", None)
    if "publisher" in item:
        item["publisher"] = {"@id": clinic_id(site)}
    return [medical_web_page(article, site, item_id), item]


def _page_id(article, site):
    return site.url(article.url) + "#webpage"


def _language(article, site):
    return getattr(article, "lang", None) or site.lang


def _authors(article, site):
    return [person(clinician, site) for clinician in article.author_clinicians]


def _link_card(article, site):
    """What Mastodon's link card reads from JSON-LD (its image comes from og:image)."""
    return {
        "url": site.url(article.url),
        "headline": article.headline,
        "description": article.summary_text,
        "inLanguage": _language(article, site),
        "datePublished": dates.iso(article.date),
        "author": _authors(article, site),
        "publisher": _publisher(site),
    }


def _creative_work(article, site):
    """What the article's item says: the link card's facts, its image, its last change, the clinic in full."""
    return {
        **_link_card(article, site),
        "image": card_image(getattr(article, "share_card", None), site),
        "dateModified": dates.iso(article.updated),
        "publisher": clinic(site),
    }


def _publisher(site):
    """The clinic as an article page names it: the home page describes the
    same node (@id) in full, with its address."""
    full = clinic(site)
    return {key: full[key] for key in ("@type", "@id", "name", "url", "logo") if key in full}


def _about(article):
    """The page's topics: its tags, or its title when it has none."""
    names = [tag.name for tag in getattr(article, "tags", None) or []] or [article.headline]
    return [{"@type": "Thing", "name": name} for name in names]


def medical_web_page(article, site, item_id):
    """The page itself: what a link card shows, who reviewed it medically, when, for whom, about what."""
    return compact({
        "@context": CONTEXT,
        "@type": "WebPage",
        "additionalType": MEDICAL_WEB_PAGE,
        "@id": _page_id(article, site),
        **_link_card(article, site),
        "name": article.headline,
        "lastReviewed": article.reviewed_on.date().isoformat() if article.reviewed_on else None,
        "reviewedBy": person(article.reviewer, site) if article.reviewer else None,
        "audience": PATIENTS,
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
        "itemReviewed": compact({
            "@type": "Claim",
            "name": text(article.claim),
            "appearance": {"@type": "CreativeWork", "url": article.appearance}
            if getattr(article, "appearance", "") else None,
            # Claim_author is the person who made the claim (docs/WRITING.md).
            "author": {"@type": "Person", "name": article.claim_author}
            if getattr(article, "claim_author", "") else None,
            "datePublished": article.claim_date.date().isoformat()
            if getattr(article, "claim_date", None) else None,
        }),
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


def question(article, site, item_id):
    """A patient question, answered in full by the article's authors."""
    answer = compact({
        "@type": "Answer",
        "text": html_text.text(article.content),
        "url": site.url(article.url),
        "author": _authors(article, site),
        "datePublished": dates.iso(article.date),
        "dateModified": dates.iso(article.updated),
    })
    return compact({
        "@context": CONTEXT,
        "@type": "Question",
        "@id": item_id,
        "name": text(article.question),
        "text": text(article.question),
        "inLanguage": _language(article, site),
        "answerCount": 1,
        "datePublished": dates.iso(article.date),
        "acceptedAnswer": answer,
        "mainEntityOfPage": {"@id": _page_id(article, site)},
    })


# Each kind's item, and the fragment that makes its @id unique on the page.
_BY_KIND = {
    "myth": (claim_review, "#claimreview"),
    "news": (news_article, "#article"),
    "story": (story_article, "#article"),
    "question": (question, "#question"),
}
