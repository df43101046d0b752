"""Settings for a local preview build (`make html`, `make devserver`).

publishconf.py imports everything here and changes only what production
needs. Each plugin documents its own settings and their defaults in its
`settings.py`; only the values this clinic chooses are set here.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# The plugins share one helper package, plugins/clinic/; putting the folder on
# sys.path lets each plugin `import clinic` the ordinary way.
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

# --- The clinic --------------------------------------------------------------
SITENAME = "Elm Creek Family Clinic"
SITESUBTITLE = "Health answers from the clinicians who treat you"
SITEURL = ""
CLINIC = {
    "name": "Elm Creek Family Clinic",
    "street": "1200 Elm Creek Parkway",
    "city": "Springfield",
    "region": "IL",
    "postal_code": "62704",
    "country": "US",
    "telephone": "(555) 010-4477",
    "email": "hello@elmcreekclinic.example",
    "logo": "theme/images/logo.png",  # site-relative URL of theme/static/images/logo.png
    # The logo's size in pixels, for publisher.logo in structured data (a test checks it).
    "logo_width": 128,
    "logo_height": 128,
}
EMERGENCY_NUMBER = "911"
TIMEZONE = "America/Chicago"
DEFAULT_LANG = "en"
LOCALE = ("en_US.UTF-8", "C.UTF-8", "")
# Pages write dates as this clinic's readers do: "December 8, 2025".
DATE_LOCALE = "en_US"

# --- Where content lives -----------------------------------------------------
PATH = "content"
# A preview is written to preview/, never to output/, the published site that
# `make publish` swaps in (publishconf.py).
OUTPUT_PATH = "preview"
ARTICLE_PATHS = ["myths", "news", "stories", "questions"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
# The category comes from each article's header, never from its folder, so a
# misplaced file cannot silently change kind.
USE_FOLDER_AS_CATEGORY = False
# Only so Pelican can place an article whose header lacks one; the content
# model reports the missing category and withdraws the article.
DEFAULT_CATEGORY = "Uncategorized"
DEFAULT_DATE = None
# An article dated in the future is a draft until that day: scheduled, not
# published early. `make check` and `make drafts` list them.
WITH_FUTURE_DATES = False

# --- URLs --------------------------------------------------------------------
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_SAVE_AS = "tags/index.html"
# Clinician pages are written by the clinician_pages plugin from the registry,
# so Pelican's own author pages are switched off.
AUTHOR_URL = "clinicians/{slug}/"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = "archives/index.html"
CATEGORIES_SAVE_AS = "topics/index.html"
DIRECT_TEMPLATES = ["index", "tags", "categories", "archives"]
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DEFAULT_PAGINATION = 10
# Slugs come from file names (or a Slug: header), never from titles, so a
# retitled article keeps its address and every link to it keeps working.
SLUGIFY_SOURCE = "basename"

# --- Markdown ----------------------------------------------------------------
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.admonition": {},
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        # Each heading's text links to its own section (the "#" is drawn by
        # style.css on hover and focus), so a screen reader hears the heading
        # alone, not "What the evidence says#".
        "markdown.extensions.toc": {"anchorlink": True},
        "markdown.extensions.sane_lists": {},
        # Curly quotes and apostrophes, dashes and ellipses in the text, by
        # SmartyPants, as in titles (plugins/content_model/typography.py).
        "content_model.typography": {},
        # A pasted address (https://… or www.…) becomes a link, so a source
        # given only as its address counts as a linked source.
        "pymdownx.magiclink": {},
    },
    "output_format": "html5",
}

# --- Theme -------------------------------------------------------------------
THEME = str(ROOT / "theme")
# Every template escapes every value it prints: a header field, a registry
# field or a file name is text, however it looks. The only HTML printed as
# HTML is what the sanitiser cleaned (the `sanitised` filter, in
# plugins/patient_privacy/markup.py).
# auto_reload off: Jinja would check every include's file date each time a page
# asks for it; a build reads the theme once (the devserver's kept build process
# makes new environments for every full build, which a theme change causes).
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True,
                     "auto_reload": False}

# --- Plugins -----------------------------------------------------------------
# Order matters: content_model enriches every article before the others read
# it; asset_hashes names the theme's files before any page is rendered;
# patient_privacy withdraws stories before anything lists
# them; images come after it, so a withdrawn story's photos are never
# published, and before anything reads article bodies; feeds come after share_cards, whose card files they measure;
# site_search indexes at the end; problem_report, last, prints what every
# plugin found.
PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = [
    "content_model",
    "asset_hashes",
    "medical_glossary",
    "patient_privacy",
    "images",
    "clinician_pages",
    "share_cards",
    "feeds",
    "sitemap",
    "structured_data",
    "site_search",
    "kept_pages",
    "problem_report",
]
CLINICIANS_FILE = "clinicians.yml"
REVIEW_INTERVAL = 12

# --- Build -------------------------------------------------------------------
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = str(ROOT / ".cache" / "pelican")
DELETE_OUTPUT_DIRECTORY = False
RELATIVE_URLS = False

# Pelican's own feeds are replaced by the feeds plugin.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
# Feed entry ids (tag:DOMAIN,DATE:/file-name) keep this domain wherever the
# blog is served, so a move never makes auto-posters post every article again.
# The preview build's feeds link to FEED_SITEURL (default http://localhost:8000).
FEED_ID_DOMAIN = "blog.elmcreekclinic.example"
