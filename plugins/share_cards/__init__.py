"""share_cards: a 1200x630 preview image and link-preview tags for every post.

Each published article (and page with a title) gets `share_card`, the facts
of its card image (describe.py), and articles get `share_links` (links.py).
Cards are drawn in a pool of processes while Pelican writes the pages, reused
from a cache keyed by a digest of everything drawn (batch.py), and written
into the output's cards/ folder at the end (pipeline.py). The drawing itself
is layout.py (the card as data), card.py, fonts.py, typeset.py (the text,
set by Pango through pyvips) and render.py;
languages.py holds the words a card adds in each language.

templates/includes/card_meta.html writes the Open Graph and Twitter tags,
includes/share_bar.html the share links; static/js/share.js adds copying
the link and Mastodon sharing. Settings: settings.py; see README.md.
"""

from pelican import signals

from . import pipeline


def register():
    """Connect the share cards to Pelican's signals."""
    signals.initialized.connect(pipeline.add_template_global)
    signals.article_generator_finalized.connect(pipeline.describe_articles)
    signals.page_generator_finalized.connect(pipeline.describe_pages)
    signals.finalized.connect(pipeline.write_cards)
