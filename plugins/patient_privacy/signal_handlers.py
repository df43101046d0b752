"""What patient_privacy does at each step of a Pelican build (connected in __init__.register)."""

import functools

from pelican.contents import Article, Page

from clinic import articles, problems, values

from . import cache, consent, markup, media, policy, scan, settings
from .source import Source


def add_policy(pelican):
    """Give templates the page policy, the referrer policy and the `sanitised` filter."""
    conf = pelican.settings
    embeds = tuple(settings.get(conf, "PRIVACY_EMBEDS").items())
    conf.setdefault("JINJA_FILTERS", {})["sanitised"] = functools.partial(markup.sanitised, embeds=embeds)
    conf["PRIVACY_CSP"] = policy.meta_policy(conf)
    conf.setdefault("PRIVACY_REFERRER_POLICY", settings.get(conf, "PRIVACY_REFERRER_POLICY"))


def sanitise(content):
    """Clean an article's or page's HTML as it is read; warn about what was removed, and about HTML in header fields."""
    if not isinstance(content, (Article, Page)):
        return
    embeds = settings.get(content.settings, "PRIVACY_EMBEDS")
    results = cache.for_build(content.settings)
    source = Source(content)
    content._content, removals = cache.clean(results, content._content, embeds)
    _warn(content, source, removals, "_body")
    if "summary" in content.metadata:
        summary, removals = cache.clean(results, content.metadata["summary"], embeds)
        content.metadata["summary"] = content._summary = summary
        _warn(content, source, removals, "summary")
    for field, value in content.metadata.items():
        tag = values.tag_in_text(value) if field != "summary" and isinstance(value, str) else None
        if tag:
            # Templates print header fields as text, so the tag would show as typed.
            articles.report(content, field, f'holds HTML ("{tag}"), which the page will show as typed',
                            "header fields are plain text: delete the tag", severity=problems.WARNING)


def protect_patients(generator):
    """Withdraw what consent, identifiers and file paths forbid (after the content model)."""
    conf = generator.settings
    allowed = scan.Allowed(conf, generator.context.get("clinicians", []))
    results = cache.for_build(conf)
    today = consent.today(conf)
    # Withdrawn articles too: a story's expired consent must show even when
    # the content model already found another error in it.
    checked = articles.checked(generator)
    found = dict(zip(map(id, checked), cache.findings(results, checked, allowed, settings.scan_workers(conf))))
    for article in checked:
        if consent.withdrawn(article, today):
            articles.withdraw(generator, article)
            continue
        source = Source(article)
        withdraw = consent.check(article, today, conf)
        withdraw |= consent.check_photos(article, media.shown_image_lines(article, source),
                                         media.linked_image_lines(article, source, conf))
        withdraw |= media.check_paths(article, source)
        withdraw |= _report_identifiers(article, found[id(article)], source)
        if withdraw:
            articles.withdraw(generator, article)


def leave_out_files(generators):
    """Keep withdrawn stories' images, and files outside content/, out of the site."""
    if not generators:
        return
    context = generators[0].context
    media.leave_out(media.unpublished_files(generators, context), context)


def write_headers(pelican):
    """Write the `_headers` file into the output."""
    policy.write_headers_file(pelican.settings, pelican.output_path)


def save_results(pelican):
    """Keep what this build's checks found for the next build."""
    cache.finish()


def _report_identifiers(article, found, source):
    """Report the identifiers found in the article that no clinician cleared; True when they withdraw it (a story's)."""
    story = getattr(article, "kind", None) is not None and article.kind.key == "story"
    severity = problems.ERROR if story else problems.WARNING
    # Compared word by word, so "Jean-Barker" in a file name is the "Jean Barker" listed.
    cleared = {values.words(text) for text in getattr(article, "phi_cleared", ())}
    found_words = {values.words(finding.text) for finding in found}
    for text in getattr(article, "phi_cleared", ()):
        if values.words(text) not in found_words:
            articles.report(article, "phi_cleared", f'"{text}" is not among what the check found',
                            "delete it from the list, or write it exactly as the article does",
                            severity=problems.WARNING)
    found = [finding for finding in found if values.words(finding.text) not in cleared]
    for finding in found:
        articles.report(article, scan.FIELD, scan.message(finding), scan.FIX, severity=severity,
                        line=source.line_of(finding.text, finding.field))
    return story and bool(found)


def _warn(content, source, removals, field):
    for removal in removals:
        articles.report(content, "markup", f"removed {removal.what}", removal.fix, severity=problems.WARNING,
                        line=source.line_of(removal.snippet, field))
