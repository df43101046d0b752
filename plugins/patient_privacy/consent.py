"""What a patient's signed consent allows: whether, and where, a story appears.

The content model reads the consent fields (a missing one is its error);
this module checks them against today: an expired consent withdraws the
story and fails a publish, one about to expire is a warning, a consent
signed in the future is an error, a consent the patient withdrew
(Consent_withdrawn) and a scope without "web" keep the story off the site
(warnings: the patient chose it), and a story that shows or links a photo
needs photo_consent: yes.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from clinic import articles, dates, problems

from . import settings

RENEW = "ask the patient to renew it and update consent_expires, or delete the story"
PHOTO_FIX = ('add "Photo_consent: yes" to the header only if the signed form covers photos; '
             "otherwise remove the image")


def check(article, today, conf):
    """Report what the story's consent forbids; True when it must be withdrawn."""
    consent = getattr(article, "consent", None)
    if getattr(article, "kind", None) is None or article.kind.key != "story" or consent is None:
        return False
    withdraw = False
    if consent.date > today:
        articles.report(article, "consent_date", f"is {dates.day(consent.date)}, which has not come yet",
                        "copy the date the patient signed the form")
        withdraw = True
    if consent.withdrawn and consent.withdrawn <= today:
        articles.report(article, "consent_withdrawn",
                        f"the patient withdrew consent on {dates.day(consent.withdrawn)}, so the story is left "
                        "out of the site", "delete the story file, and its photos", severity=problems.WARNING)
        withdraw = True
    if consent.expires <= today:
        articles.report(article, "consent_expires", f"the patient's consent expired on {dates.day(consent.expires)}", RENEW)
        withdraw = True
    elif consent.expires <= today + timedelta(days=settings.get(conf, "PRIVACY_CONSENT_WARN_DAYS")):
        articles.report(article, "consent_expires",
                        f"the patient's consent expires on {dates.day(consent.expires)}; "
                        "the story will then be left out of the site", RENEW, severity=problems.WARNING)
    if "web" not in article.channels:
        articles.report(article, "consent_scope", "does not include web, so the story is left out of the site",
                        "add web only if the signed consent form allows the story on the website",
                        severity=problems.WARNING)
        withdraw = True
    return withdraw


def check_photos(article, image_lines):
    """A story that shows an image needs photo_consent: yes; True when it must be withdrawn.

    `image_lines` are the source lines of the images the story shows.
    """
    if getattr(article, "kind", None) is None or article.kind.key != "story" or not image_lines:
        return False
    if getattr(article, "photo_consent", None) is True:
        return False
    if "photo_consent" in article.source_lines:
        articles.report(article, "photo_consent", f"is no, but the story shows an image on line {image_lines[0]}",
                        PHOTO_FIX)
    else:
        articles.report(article, "photo_consent", "is missing, but the story shows an image", PHOTO_FIX,
                        line=image_lines[0])
    return True


def today(conf):
    """The start of the build, in the clinic's time zone."""
    return datetime.now(ZoneInfo(conf["TIMEZONE"]))
