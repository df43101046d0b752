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
READ_AHEAD_WORKERS processes that convert a cold build's Markdown while the build
                  goes on (read_ahead.py): None for one per core, none on a
                  one-core machine (None); 0 converts every file in the build's
                  own process
"""

from clinic import workers

DEFAULTS = {
    "CLINICIANS_FILE": "clinicians.yml",
    "REVIEW_INTERVAL": 12,
    "CLINIC_STRICT": False,
    "TOC_MIN_WORDS": 800,
    "TOC_MIN_SECTIONS": 3,
    "RELATED_COUNT": 3,
    "DATE_LOCALE": "en_GB",
    "BODY_CACHE": "content-model",
    "READ_AHEAD_WORKERS": None,
}


def get(settings, name):
    """The setting `name`, or its documented default."""
    return settings.get(name, DEFAULTS[name])


def read_ahead_workers(settings):
    """READ_AHEAD_WORKERS, with None as one per core (none on a one-core machine)."""
    count = get(settings, "READ_AHEAD_WORKERS")
    if count is None:
        # The build's own process mostly waits for the workers' HTML.
        return workers.cores() if workers.cores() > 1 else 0
    return count
