"""Each article's and page's address, worked out once per build.

Pelican formats ARTICLE_URL (or PAGE_URL) anew, from a copy of all the
metadata, every time anything asks for `url`: the templates, feeds, sitemap
and structured data ask tens of times per article, which cost about a second
of every rebuild of a thousand-article site. Once the lists are final the
address can no longer change, so it is stored in `override_url`, where
Pelican itself keeps an address given in a header (`URL:`) and returns it
from then on. `save_as` is left alone: Pelican's writer treats an
`override_save_as` differently.
"""


def fix(contents):
    """Store the address of each article or page in `contents` as Pelican gives it now."""
    for content in contents:
        content.override_url = content.url


def fix_articles(generator):
    """Fix the addresses of every article the generator holds, drafts and hidden ones too."""
    fix(generator.articles + generator.translations + generator.drafts + generator.drafts_translations
        + generator.hidden_articles + generator.hidden_translations)


def fix_pages(generator):
    """Fix the addresses of every page the generator holds."""
    fix(generator.pages + generator.translations + generator.hidden_pages + generator.hidden_translations
        + generator.draft_pages + generator.draft_translations)
