"""content_model: the clinic's content model, applied once to every article.

It reads Markdown as clinicians really type it (typed.py: pasted invisible
and control characters, indented keys, curly-quoted callouts) with line
numbers kept, noting any [[placeholder]] that `make new` wrote and the
writer has not yet replaced (reader.py, placeholders.py), with stand-ins
wherever Pelican would otherwise skip the file, so every check runs on every
article. It checks each article's header against the rules for its kind,
and its {filename} links (link_targets.py), sets the trust attributes that
templates and the other plugins read (model.py), withdraws articles with
errors (and those sharing an address) before Pelican builds listings from
them, turns Pelican's own warnings about content into clinicians' messages
(pelican_log.py), and fills each clinician's lists of articles written and
reviewed.
It also links each article to related ones and its neighbours (related.py)
and names footnotes for screen readers (footnotes.py), and works out each
address once the lists are final (addresses.py). Settings: settings.py.
"""

import functools
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican import signals

from clinic import articles, clinicians, dates, kept_results, kinds, problems, text

from . import addresses, footnotes, model, pelican_log, read_ahead, related, settings
from .body import KeptBodies
from .link_targets import ContentFiles
from .reader import ClinicMarkdownReader


def use_reader(readers):
    """Read Markdown with the line-keeping reader."""
    for extension in ClinicMarkdownReader.file_extensions:
        readers.reader_classes[extension] = ClinicMarkdownReader


def start_build(pelican):
    """Forget an earlier build's problems; give templates the date filter (in the clinic's
    locale) and the text filter."""
    problems.reset()
    pelican_log.listen(pelican.settings["PATH"])
    locale = settings.get(pelican.settings, "DATE_LOCALE")
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters["clinic_day"] = functools.partial(dates.local_day, locale=locale)
    # HTML (a summary) as the one-line text every plugin reads from it.
    filters["clinic_text"] = text.text


def apply_model(generator):
    """Enrich every article once; withdraw those with errors."""
    conf = generator.settings
    content_root = Path(conf["PATH"])
    registry = clinicians.load(
        content_root / settings.get(conf, "CLINICIANS_FILE"), conf["AUTHOR_URL"], content_root
    )
    generator.context["clinicians"] = registry.clinicians
    generator.context["clinician_registry"] = registry
    generator.context["KINDS"] = kinds.KINDS
    model_settings = {"TIMEZONE": conf["TIMEZONE"], "TODAY": datetime.now(ZoneInfo(conf["TIMEZONE"])).date()} | {
        name: settings.get(conf, name)
        for name in ("REVIEW_INTERVAL", "TOC_MIN_WORDS", "TOC_MIN_SECTIONS", "CLINIC_STRICT")
    }
    everything = (
        generator.articles + generator.translations + generator.drafts
        + generator.drafts_translations + generator.hidden_articles + generator.hidden_translations
    )
    bodies = KeptBodies(kept_results.path_for(conf, settings.get(conf, "BODY_CACHE"), KeptBodies.FILE_NAME),
                        load=bool(conf.get("LOAD_CONTENT_CACHE")))
    files = ContentFiles(content_root)
    for article in everything:
        if not model.enrich(article, registry, model_settings, bodies, files):
            articles.withdraw(generator, article)
    bodies.save()
    for article in duplicate_addresses(generator):
        articles.withdraw(generator, article)


def duplicate_addresses(generator):
    """Articles that would be written to the same address as another; each is reported.

    Pelican would write the second over the first, or stop the build with a
    traceback, so every one of them is withdrawn, naming the others.
    """
    by_address = {}
    for article in (generator.articles + generator.translations + generator.drafts
                    + generator.drafts_translations + generator.hidden_articles + generator.hidden_translations):
        if article.save_as:  # "" is written nowhere (publishconf.py's drafts)
            by_address.setdefault(article.save_as, []).append(article)
    clashing = []
    for address, group in by_address.items():
        if len(group) < 2:
            continue
        for article in group:
            others = ", ".join(problems.display_path(other.source_path) for other in group if other is not article)
            field = "slug" if "slug" in article.source_lines else "title"
            articles.report(article, field, f'gives the address "{article.url}", which {others} has too',
                            'give one of them another "Slug:" line')
            clashing.append(article)
    return clashing


def check_pages(generator):
    """Check every page once; withdraw those with errors before they are written."""
    everything = (generator.pages + generator.translations + generator.hidden_pages
                  + generator.hidden_translations + generator.draft_pages + generator.draft_translations)
    for page in everything:
        if not model.check_page(page):
            articles.withdraw(generator, page)


def give_pages_headline(generator):
    """Pages have no kind: their headline is their title, read the same way as an article's."""
    for page in (generator.pages + generator.translations + generator.hidden_pages
                 + generator.hidden_translations + generator.draft_pages + generator.draft_translations):
        page.headline = model.headline(page)


def give_category_urls(generator):
    """Give templates `category_urls`, each published category's address by its name.

    Every page's navigation links to the four kinds' categories; looking
    their addresses up beats searching Pelican's category list on each page.
    """
    generator.context["category_urls"] = {category.name: category.url for category, _ in generator.categories}


def list_clinicians_work(generator):
    """Give each clinician the published articles they wrote and reviewed."""
    for clinician in generator.context.get("clinicians", []):
        clinician.articles = [a for a in generator.articles if clinician in a.author_clinicians]
        clinician.reviewed = [a for a in generator.articles if a.reviewer is clinician]


def let_go_of_files_as_read(generator):
    """Empty Pelican's reader cache once Pelican has saved it for the next build.

    Pelican keeps every file's HTML and header as read until the build ends,
    though it reads no file again and the articles hold what this plugin and
    the privacy review made of them: at a thousand articles some 20 MB of the
    build's peak memory (each body, and the UTF-8 copy that pickling it for
    the saved cache leaves inside the string).
    """
    generator.readers._cache = {}


def register():
    """Connect the content model to Pelican's signals."""
    signals.readers_init.connect(use_reader)
    signals.article_generator_init.connect(read_ahead.start)
    signals.article_generator_pretaxonomy.connect(read_ahead.stop)
    signals.initialized.connect(start_build)
    signals.article_generator_pretaxonomy.connect(apply_model)
    signals.article_generator_finalized.connect(addresses.fix_articles)
    signals.page_generator_finalized.connect(check_pages)
    signals.page_generator_finalized.connect(addresses.fix_pages)
    signals.page_generator_finalized.connect(give_pages_headline)
    signals.article_generator_finalized.connect(give_category_urls)
    signals.article_generator_finalized.connect(list_clinicians_work)
    signals.article_generator_finalized.connect(related.link)
    signals.content_object_init.connect(footnotes.label_content)
    # Pelican sends these once it has saved the reader's cache.
    signals.article_generator_finalized.connect(let_go_of_files_as_read)
    signals.page_generator_finalized.connect(let_go_of_files_as_read)
