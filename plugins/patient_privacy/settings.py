"""patient_privacy's settings and their defaults, read in this one place.

PRIVACY_EMBEDS            {host: query the address must carry}: the only pages an article may
                          embed (<iframe>); they also make up the policy's frame-src.
                          Default: YouTube's no-cookie player, and Vimeo's player with dnt=1.
PRIVACY_PUBLIC_NUMBERS    phone numbers articles may print besides the clinic's own
                          (CLINIC["telephone"], CLINIC["fax"]): public help lines.
PRIVACY_PUBLIC_PROFILES   addresses of the clinic's own social media accounts, which are
                          not a person's profile.
PRIVACY_STAFF_NAMES       names of the clinic's staff, which articles may print: ("Rosa Diaz", ...).
                          Clinicians in content/clinicians.yml are allowed already.
PRIVACY_ALLOWED_NAMES     drug, disease and place names that read as people's names and that
                          articles may print ("Springfield", "Humira"); added to the kit's own
                          list (plugins/patient_privacy/allowed_names.txt).
PRIVACY_CONSENT_WARN_DAYS warn this many days before a story's consent expires (60).
PRIVACY_REFERRER_POLICY   the Referrer-Policy of every page ("no-referrer"): links to sources
                          do not tell other sites that a reader came from a clinic's page.
PRIVACY_PERMISSIONS_OFF   browser features every page switches off (Permissions-Policy).
PRIVACY_HEADERS_FILE      the headers file written into the output for Netlify and Cloudflare
                          Pages ("_headers"); "" writes none.
PRIVACY_CACHE_HASHED      the Cache-Control of theme files whose names carry their hash
                          ("public, max-age=31536000, immutable": a year, never re-checked).
PRIVACY_CACHE_PAGES       the Cache-Control of pages, feeds and every other file
                          ("public, max-age=300": a reader sees a corrected page within
                          five minutes).
PRIVACY_CACHE             folder where what sanitising and the identifier scan found is kept
                          between builds, so a rebuild reads again only what changed
                          ("patient-privacy", below CACHE_PATH; an absolute path is used as
                          it is; "" or None keeps nothing). Kept only when Pelican keeps its
                          content cache (CACHE_CONTENT), read only when it loads it
                          (LOAD_CONTENT_CACHE; `pelican --ignore-cache` turns that off).
                          Problems are reported again on every build, from what was kept.
PRIVACY_SCAN_WORKERS      processes that scan for identifiers at once when many articles need
                          it (a cold build): None for one per core (None); 0 scans in the
                          build's own process.

The plugin adds one computed value for templates: PRIVACY_CSP, the Content
Security Policy as a page's <meta> tag carries it.
"""

from clinic import workers

DEFAULTS = {
    "PRIVACY_EMBEDS": {"www.youtube-nocookie.com": "", "player.vimeo.com": "dnt=1"},
    "PRIVACY_PUBLIC_NUMBERS": (
        "1-800-222-1222",  # Poison Help (US poison centers)
        "1-800-662-4357",  # SAMHSA National Helpline
    ),
    "PRIVACY_PUBLIC_PROFILES": (),
    "PRIVACY_STAFF_NAMES": (),
    "PRIVACY_ALLOWED_NAMES": (),
    "PRIVACY_CONSENT_WARN_DAYS": 60,
    "PRIVACY_REFERRER_POLICY": "no-referrer",
    "PRIVACY_PERMISSIONS_OFF": (
        # Ad and tracking APIs a browser would otherwise run on a health page.
        "browsing-topics", "interest-cohort", "attribution-reporting", "join-ad-interest-group",
        "run-ad-auction", "private-state-token-issuance", "private-state-token-redemption",
        # Devices and data no article needs.
        "camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth", "hid",
    ),
    "PRIVACY_HEADERS_FILE": "_headers",
    "PRIVACY_CACHE_HASHED": "public, max-age=31536000, immutable",
    "PRIVACY_CACHE_PAGES": "public, max-age=300",
    "PRIVACY_CACHE": "patient-privacy",
    "PRIVACY_SCAN_WORKERS": None,
}


def get(settings, name):
    """The setting `name`, or its documented default."""
    return settings.get(name, DEFAULTS[name])


def scan_workers(settings):
    """PRIVACY_SCAN_WORKERS, with None as one per core."""
    count = get(settings, "PRIVACY_SCAN_WORKERS")
    return workers.cores() if count is None else count
