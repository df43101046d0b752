"""Settings for the production build (`make publish`).

Everything comes from pelicanconf.py; production adds the public address and
turns problems into failures: one error anywhere stops the publish, and the
published output/ stays as it was.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://blog.elmcreekclinic.example")
# The live site; previews go to preview/ (pelicanconf.py).
OUTPUT_PATH = "output"
RELATIVE_URLS = False
CLINIC_STRICT = True
DELETE_OUTPUT_DIRECTORY = True
# Drafts and articles dated in the future are previewed (make html, make
# devserver, under drafts/) but never put on the public site.
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
# Each publish builds into a new staging folder (scripts/publish.py), and the
# kept pages' key holds the settings, OUTPUT_PATH among them: a publish would
# never reuse a kept page, so none is kept (kept_pages).
PAGE_CACHE = ""
