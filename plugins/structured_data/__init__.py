"""structured_data: schema.org JSON-LD in the head of articles and key pages.

Every article gets a WebPage that is a MedicalWebPage (what link cards
show, reviewer, review date, patient audience, topics; typed so Mastodon
reads it) and the item its kind calls for: ClaimReview for a myth,
NewsArticle, Article for a patient story, a Question with the clinic's
answer for a question (article_data.py). The home page gets WebSite and MedicalClinic; clinician
pages a ProfilePage (site_data.py). Authors are Persons with credentials in
honorificSuffix; the publisher is the clinic from the CLINIC setting. The
template writes each item with Jinja's tojson, which escapes it for a
<script> element.

templates/includes/structured_data.html calls structured_data(), so the data
is built as the page renders, from attributes other plugins set earlier.
"""

from pelican import signals

from . import template_global


def give_templates_function(pelican):
    """Make structured_data() available to every template."""
    pelican.settings.setdefault("JINJA_GLOBALS", {})["structured_data"] = template_global.structured_data


def register():
    """Connect to Pelican."""
    signals.initialized.connect(give_templates_function)
