"""The content model's settings and their defaults, read in this one place.

CLINICIANS_FILE   path of the clinician registry, relative to PATH ("clinicians.yml")
REVIEW_INTERVAL   months from a review to the next one due (12)
CLINIC_STRICT     fail the build on any error; publishconf.py sets it (False)
TOC_MIN_WORDS     words from which an article gets an "On this page" contents list (800)
TOC_MIN_SECTIONS  and only with at least this many h2 sections (3)
RELATED_COUNT     related articles listed under each article (3)
DATE_LOCALE       how pages write dates: a Babel locale, "en_US" for
                  "December 8, 2025", "en_GB" for "8 December 2025" ("en_GB").
                  Messages to clinicians keep "8 December 2025", which no
                  reader misreads.
BODY_CACHE        folder where what each body holds (links, words, headings) is
                  kept between builds ("content-model", below CACHE_PATH; an
                  absolute path is used as it is; "" keeps nothing). Kept only
                  with CACHE_CONTENT, read only with LOAD_CONTENT_CACHE.
"""

DEFAULTS = {
    "CLINICIANS_FILE": "clinicians.yml",
    "REVIEW_INTERVAL": 12,
    "CLINIC_STRICT": False,
    "TOC_MIN_WORDS": 800,
    "TOC_MIN_SECTIONS": 3,
    "RELATED_COUNT": 3,
    "DATE_LOCALE": "en_GB",
    "BODY_CACHE": "content-model",
}


def get(settings, name):
    """The setting `name`, or its documented default."""
    return settings.get(name, DEFAULTS[name])
