"""What a patient's signed consent allows: whether, and where, a story appears.

The content model reads the consent fields (a missing one is its error);
this module checks them against today: a consent the patient withdrew
(Consent_withdrawn, today or earlier) withdraws the story with a warning, so
the next publish takes it off the site; an expired consent withdraws the
story and fails a publish, one about to expire is a warning, a scope
without "web" keeps the story off the site (a warning: the patient chose
it), and a story that shows or links a photo needs photo_consent: yes.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from clinic import articles, dates, problems

from . import settings

WITHDRAWN_FIX = "nothing to do: the story stays out of the site; delete its file when the clinic's records allow"
RENEW = "ask the patient to renew it and update Consent_expires, or delete the story"
PHOTO_FIX = ('add "Photo_consent: yes" to the header only if the signed form covers photos; '
             "otherwise remove the image")


def withdrawn(article, today):
    """Whether the patient has withdrawn the story's consent (Consent_withdrawn today or earlier), said as a warning.

    A warning, not an error: the patient's choice is carried out, and the
    publish that takes the story down must not be refused for it. The
    story's other problems no longer matter, so the caller checks no more.
    """
    day = getattr(article, "consent_withdrawn", None)
    if getattr(article, "kind", None) is None or article.kind.key != "story" or not day or day > today:
        return False
    articles.report(article, "consent_withdrawn",
                    f"the patient withdrew consent on {dates.day(day)}, so the story is left out of the site",
                    WITHDRAWN_FIX, severity=problems.WARNING)
    return True


def check(article, today, conf):
    """Report what the story's consent forbids; True when it must be withdrawn."""
    consent = getattr(article, "consent", None)
    if getattr(article, "kind", None) is None or article.kind.key != "story" or consent is None:
        return False
    withdrawn = getattr(article, "consent_withdrawn", None)
    if withdrawn and withdrawn > today:
        articles.report(article, "consent_withdrawn",
                        f"the patient withdrew consent from {dates.day(withdrawn)}; "
                        "the story will then be left out of the site", WITHDRAWN_FIX, severity=problems.WARNING)
    withdraw = False
    if consent.expires <= today:
        articles.report(article, "consent_expires", f"the patient's consent expired on {dates.day(consent.expires)}", RENEW)
        withdraw = True
    elif consent.expires <= today + timedelta(days=settings.get(conf, "PRIVACY_CONSENT_WARN_DAYS")):
        articles.report(article, "consent_expires",
                        f"the patient's consent expires on {dates.day(consent.expires)}; "
                        "the story will then be left out of the site", RENEW, severity=problems.WARNING)
    # A missing scope is the content model's error already.
    if "web" not in article.channels and "consent_scope" in article.source_lines:
        articles.report(article, "consent_scope", "does not include web, so the story is left out of the site",
                        "add web only if the signed consent form allows the story on the website",
                        severity=problems.WARNING)
        withdraw = True
    return withdraw


def check_photos(article, shown_lines, linked_lines=()):
    """A story that shows or links an image needs photo_consent: yes; True when it must be withdrawn.

    `shown_lines` are the source lines of the images the story shows,
    `linked_lines` those of its links to image files: a link publishes the
    photo as surely as showing it does.
    """
    if getattr(article, "kind", None) is None or article.kind.key != "story":
        return False
    if not shown_lines and not linked_lines:
        return False
    if getattr(article, "photo_consent", None) is True:
        return False
    how, lines = ("shows", shown_lines) if shown_lines else ("links to", linked_lines)
    if "photo_consent" in article.source_lines:
        articles.report(article, "photo_consent", f"is no, but the story {how} an image on line {lines[0]}",
                        PHOTO_FIX)
    else:
        articles.report(article, "photo_consent", f"is missing, but the story {how} an image", PHOTO_FIX,
                        line=lines[0])
    return True


def today(conf):
    """The start of the build, in the clinic's time zone."""
    return datetime.now(ZoneInfo(conf["TIMEZONE"]))
