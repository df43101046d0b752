"""Turn an article's header into the trust data every other part reads.

`enrich()` checks one article against the rules for its kind, reports every
problem it finds (not just the first) and sets the attributes listed in
clinic/__init__.py. It returns False when the article must not be published.
"""

import re
from pathlib import Path

from pelican.utils import slugify

from clinic import articles, dates, kinds, suggest, text, urls, values

from . import link_targets, typography
from clinic.problems import ERROR, WARNING


# What a writer should type, for "add a line ..." hints.
EXAMPLES = {
    "title": "Title: Cold weather gives you a cold",
    "date": "Date: 2026-03-14",
    "category": "Category: Myths",
    "authors": "Authors: <a name from content/clinicians.yml>",
    "summary": "Summary: One or two sentences for listings and previews.",
    "reviewed_by": "Reviewed_by: <a clinician other than the author>",
    "reviewed_on": "Reviewed_on: 2026-03-10",
    "fact": "Fact: Colds come from viruses, not from cold weather",
    "claim": "Claim: Cold weather gives you a cold",
    "verdict": "Verdict: False",
    "consent": "Consent: CR-2026-014",
    "consent_date": "Consent_date: 2026-02-03",
    "consent_expires": "Consent_expires: 2028-02-03",
    "consent_scope": "Consent_scope: web, social, feeds",
    "question": "Question: Can I take ibuprofen while breastfeeding?",
}
_YES = {"yes": True, "true": True, "no": False, "false": False}
MEDIA_FIELDS = kinds.MEDIA_FIELDS


class _Checker:
    """Collects one article's problems while its attributes are worked out."""

    def __init__(self, article):
        self.article = article
        self.failed = False
        # Fields whose text could not be read (a placeholder, a bad date): the
        # reader's message says what to do, so later checks of the same text
        # would only repeat it in other words.
        self.unread = set()

    def error(self, field, message, fix, line=None):
        if field not in self.unread:
            articles.report(self.article, field, message, fix, line=line)
        self.failed = True

    def warn(self, field, message, fix, line=None):
        if field not in self.unread:
            articles.report(self.article, field, message, fix, severity=WARNING, line=line)

    def raw(self, field):
        """The header value as written, or "" when the key is absent."""
        if field not in self.article.source_lines:
            return ""
        value = self.article.metadata.get(field, "")
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        return str(value).strip()

    def date(self, field, timezone):
        value = self.raw(field)
        if not value:
            return None
        try:
            return dates.parse(value, timezone)
        except dates.NotADate as problem:
            self.error(field, problem.message, problem.fix)
            return None


def enrich(article, registry, settings, bodies, files=None):
    """Validate one article and set its trust attributes; False withdraws it.

    bodies reads the body's facts (a body.KeptBodies); files lists the
    content folder (a link_targets.ContentFiles), to check {filename} links.
    Every check runs whatever an earlier one found, so the writer sees all
    the article's problems at once.
    """
    check = _Checker(article)
    # A cache written by an earlier version holds problems without a severity: all were errors.
    read_problems = [(*problem, ERROR)[:5] for problem in getattr(article, "read_problems", [])]
    for line, field, message, fix, severity in read_problems:
        (check.error if severity == ERROR else check.warn)(field, message, fix, line=line)
    check.unread = {field for _, field, _, _, severity in read_problems if severity == ERROR}
    if check.failed and not article.source_lines:
        return False

    kind = _kind(check, kinds.BY_CATEGORY.get(check.raw("category")))
    article.kind = kind
    _check_required(check, kind)
    _check_shaped_values(check)
    timezone = settings["TIMEZONE"]

    article.author_clinicians = _clinicians(check, registry, "authors", _names(article.metadata.get("authors")))
    reviewers = _clinicians(check, registry, "reviewed_by", [check.raw("reviewed_by")] if check.raw("reviewed_by") else [])
    article.reviewer = reviewers[0] if reviewers else None
    if article.reviewer and article.reviewer in article.author_clinicians:
        # The site promises a second clinician checked every article: a
        # publish refuses; a preview only warns, so the draft can be read.
        (check.error if settings["CLINIC_STRICT"] else check.warn)(
            "reviewed_by", f"{article.reviewer.name} both wrote and reviewed this article",
            "ask another clinician to review it, and write their name here")
    _phi_cleared(check, registry)
    article.media = _media(check)

    article.reviewed_on = check.date("reviewed_on", timezone)
    if article.reviewed_on and article.reviewed_on.date() > settings["TODAY"]:
        check.error("reviewed_on", f"is {dates.day(article.reviewed_on)}, a day that has not come yet",
                    "write the day the review was done (today at the latest), as YYYY-MM-DD")
    article.next_review = check.date("next_review", timezone)
    if article.reviewed_on and not article.next_review:
        article.next_review = dates.add_months(article.reviewed_on, settings["REVIEW_INTERVAL"])
    if article.reviewed_on and article.next_review and article.next_review <= article.reviewed_on:
        check.error("next_review", "is not after reviewed_on", "set it after the review date, or leave it out")
    article.review_overdue = bool(article.next_review and article.next_review.date() < settings["TODAY"])
    if article.review_overdue:
        late = (settings["TODAY"] - article.next_review.date()).days
        check.warn("next_review" if "next_review" in article.source_lines else "reviewed_on",
                   f"the clinical review was due on {dates.day(article.next_review)}, {late} days ago; "
                   "the page says the review is overdue",
                   "ask a clinician to review the article again, then update Reviewed_on "
                   "(and Next_review, if set)")
    modified = getattr(article, "modified", None) if "modified" in article.source_lines else None
    if modified and modified < article.date:
        check.error("modified", "is before the publication date", "correct the date, or leave modified out")
    article.updated = max(d for d in (article.date, modified, article.reviewed_on) if d)
    article.update_history = _history(check, timezone)
    article.file_slug = _file_slug(article)

    # The body as read, not `article.content`: Pelican memoizes that on first
    # use, and here, before the static files are known, its {static} links
    # would stay unresolved on the published page.
    if files is not None:
        for line, field, message, fix in link_targets.problems(article, files):
            check.error(field, message, fix, line=line)
    found = bodies.read(article._content)
    article.sources = found.links
    article.word_count = found.words
    article.reading_minutes = max(1, round(found.words / 200))
    article.toc = _contents(found, settings)

    article.headline = headline(article)
    # The summary as one line of text, for every page, listing and plugin that shows it:
    # worked out here once rather than on each of the pages an article appears on.
    article.summary_text = text.text(article.metadata.get("summary", ""))
    article.channels = frozenset(kinds.CHANNELS)
    # With a mistyped category ("Myth"), the fields are still checked as the
    # nearest kind's, so its other mistakes show in the same build.
    checked_as = kind or kinds.BY_CATEGORY.get(suggest.nearest(check.raw("category"), kinds.BY_CATEGORY))
    if checked_as is not None:
        _KIND_CHECKS[checked_as.key](check, checked_as, settings)
    if kind is not None:
        if kind.needs_source_link and not article.sources:
            check.error("sources", "there is no link to a source in the article",
                        'link at least one source, e.g. in a "## Sources" list at the end',
                        line=article.source_lines.get("_body"))
    return not check.failed


# Runs of these become one space in a headline; any other character stays as typed.
_SPACES = re.compile(r"[ \t\r\n]+")


def headline(content):
    """The title as every surface shows it, runs of spaces made one and typeset (a myth's fact replaces it)."""
    return typography.typeset(_spaced(str(getattr(content, "title", "") or "")))


def _spaced(value):
    return _SPACES.sub(" ", value).strip()


def _phi_cleared(check, registry):
    """Phi_cleared: the found texts checked, separated by ";"; Phi_cleared_by: who checked them.

    The checker must be a clinician who did not write the article: the
    author knows who the story is about and cannot see it with a reader's eyes.
    """
    article = check.article
    article.phi_cleared, article.phi_clearer = (), None
    texts = tuple(part.strip() for part in check.raw("phi_cleared").split(";") if part.strip())
    by = check.raw("phi_cleared_by")
    if texts and not by:
        check.error("phi_cleared", "does not say who checked these texts",
                    'add "Phi_cleared_by: <a clinician who did not write the article>"')
    if by and not texts:
        check.error("phi_cleared_by", "names a clinician but Phi_cleared lists nothing",
                    'list the checked texts: "Phi_cleared: Rosa; 1961", or delete the line')
    clearers = _clinicians(check, registry, "phi_cleared_by", [by] if by else [])
    if not (texts and clearers):
        return
    if clearers[0] in article.author_clinicians:
        check.error("phi_cleared_by", f"{clearers[0].name} wrote this article",
                    "ask a clinician who did not write it to check the texts and put their name here")
        return
    article.phi_cleared = texts
    article.phi_clearer = clearers[0]


def _media(check):
    """(field, path) for each file the header names in MEDIA_FIELDS, in order."""
    return [
        (field, part.strip())
        for field in MEDIA_FIELDS
        for part in check.raw(field).split(",")
        if part.strip()
    ]


def _file_slug(article):
    """The slug of the article's file name.

    Pelican's slug follows the title, so a retitled article gets a new one;
    the file name stays, so feed ids built from it survive title edits.
    """
    return slugify(Path(article.source_path).stem, regex_subs=article.settings["SLUG_REGEX_SUBSTITUTIONS"])


def _contents(found, settings):
    """The h2 sections an "On this page" list shows: only long articles get one."""
    sections = [heading for heading in found.headings if heading.level == 2]
    if found.words < settings["TOC_MIN_WORDS"] or len(sections) < settings["TOC_MIN_SECTIONS"]:
        return []
    return sections


def _kind(check, named):
    """The article's kind: its Category's, unless its folder is the stories'.

    A story's consent is checked because it is a story; a header that says
    otherwise must not switch those checks off, so a file in the stories'
    folder with another category is an error and is checked as a story.
    """
    parts = Path(check.article.relative_source_path or "").parts
    folder = kinds.BY_FOLDER.get(parts[0]) if len(parts) > 1 else None
    if folder is None or named is None or folder == named:
        return named
    story = kinds.BY_KEY["story"]
    if story not in (folder, named):
        return named
    check.error("category", f'is "{named.category}", but the file is in content/{folder.folder}/, '
                f"where {folder.category.lower()} go",
                f'write "Category: {folder.category}", or move the file to content/{named.folder}/ '
                + ("if it is not a patient's story" if folder == story else "if it is a patient's story"))
    return story


def _check_required(check, kind):
    if check.raw("category") and kind is None:
        check.error("category", f'"{check.raw("category")}" is not a category',
                    suggest.hint(check.raw("category"), [k.category for k in kinds.KINDS],
                                 "use one of: " + ", ".join(k.category for k in kinds.KINDS)))
    required = kinds.COMMON_REQUIRED + (kind.required if kind else ())
    for field in required:
        if not check.raw(field):
            check.error(field, "is missing", f'add a line "{EXAMPLES[field]}" to the header')


def check_page(page):
    """Check a page's slug, title and language as an article's are; False withdraws it."""
    check = _Checker(page)
    for line, field, message, fix, *severity in getattr(page, "read_problems", []):
        (check.warn if severity == [WARNING] else check.error)(field, message, fix, line=line)
    _check_shaped_values(check)
    return not check.failed


def _check_shaped_values(check):
    """Slug, tags and language end up in file names and attributes: each must have its shape."""
    article = check.article
    # A bad Slug is the reader's to report: Pelican needs a stand-in at once.
    if not check.raw("slug") and check.raw("title"):
        problem = values.title_slug_problem(getattr(article, "slug", ""))
        if problem:
            check.error("title", *problem)
    for tag in getattr(article, "tags", None) or []:
        problem = values.tag_problem(tag.name, tag.slug)
        if problem:
            check.error("tags", *problem)
    if check.raw("lang"):
        problem = values.lang_problem(check.raw("lang"))
        if problem:
            check.error("lang", *problem)


def _names(value):
    if not value:
        return []
    items = value if isinstance(value, list) else [value]
    return [getattr(item, "name", str(item)).strip() for item in items if str(item).strip()]


def _clinicians(check, registry, field, names):
    found = []
    for name in names:
        clinician = registry.find(name)
        if clinician is None:
            check.error(field, f'"{name}" is not in the clinician list',
                        suggest.hint(name, registry.names(),
                                     "write the name exactly as in content/clinicians.yml, "
                                     "or add the clinician there"))
        elif clinician not in found:
            found.append(clinician)
    return found


def _history(check, timezone):
    value = check.article.metadata.get("updates")
    if not value:
        return []
    entries = value if isinstance(value, list) else [value]
    history = []
    for entry in entries:
        when, _, what = str(entry).partition(": ")
        try:
            history.append((dates.parse(when, timezone), what.strip()))
        except dates.NotADate as problem:
            check.error("updates", f'"{entry}" does not start with a date that can be read: {problem.message}',
                        'write each update as "YYYY-MM-DD: what changed"')
    return sorted(history, reverse=True)


def _myth(check, kind, settings):
    article = check.article
    # The debunking rule: lead with the fact, name the myth once, marked as the myth.
    article.fact = _spaced(check.raw("fact"))
    if article.fact:
        article.headline = typography.typeset(article.fact)
    if len(article.fact) > kinds.FACT_MAX_CHARS:
        check.error("fact", f"is {len(article.fact)} characters long, more than {kinds.FACT_MAX_CHARS}",
                    "shorten it to the true statement as a headline")
    if article.fact and article.fact.casefold() == " ".join(check.raw("claim").split()).casefold():
        check.error("fact", "is the same as the claim",
                    "write the true statement, e.g. what the evidence shows instead")
    appearance = check.raw("appearance")
    problem = urls.web_address_problem(appearance) if appearance else None
    article.appearance = "" if problem else appearance
    if problem:
        check.error("appearance", f'"{appearance}" {problem}',
                    "copy the full address of a page where the myth is going round, starting with https://")
    claim = check.raw("claim")
    article.claim = typography.typeset(claim)
    if len(claim) > kinds.CLAIM_MAX_CHARS:
        check.error("claim", f"is {len(claim)} characters long, more than {kinds.CLAIM_MAX_CHARS}",
                    "shorten it to the myth as people say it")
    _myth_address(check, claim)
    article.claim_author = _spaced(check.raw("claim_author"))
    if len(article.claim_author) > kinds.CLAIM_AUTHOR_MAX_CHARS:
        check.error("claim_author", f"is {len(article.claim_author)} characters long, "
                    f"more than {kinds.CLAIM_AUTHOR_MAX_CHARS}",
                    "write only the name of the person or group who made the claim")
    article.claim_date = check.date("claim_date", settings["TIMEZONE"])
    if article.claim_date and article.claim_date.date() > settings["TODAY"]:
        check.error("claim_date", f"is {dates.day(article.claim_date)}, a day that has not come yet",
                    "write the day the claim was made or first seen (today at the latest), as YYYY-MM-DD")
    verdict = check.raw("verdict")
    article.verdict = kinds.VERDICTS.get(verdict.lower())
    if verdict and article.verdict is None:
        check.error("verdict", f'"{verdict}" is not a verdict',
                    suggest.hint(verdict, [v.label for v in kinds.VERDICTS.values()],
                                 "use one of: " + ", ".join(v.label for v in kinds.VERDICTS.values())))


def _news(check, kind, settings):
    source_url = check.raw("source_url")
    problem = urls.web_address_problem(source_url) if source_url else None
    check.article.source_url = "" if problem else source_url
    if problem:
        check.error("source_url", f'"{source_url}" {problem}',
                    "copy the full address of the original report from the browser's address bar, "
                    "starting with https://")


def _story(check, kind, settings):
    article = check.article
    scope = [part.strip().lower() for part in check.raw("consent_scope").split(",") if part.strip()]
    for part in scope:
        if part not in kinds.CHANNELS:
            check.error("consent_scope", f'"{part}" is not a scope',
                        suggest.hint(part, kinds.CHANNELS, "use a comma list of: " + ", ".join(kinds.CHANNELS)))
    given = check.date("consent_date", settings["TIMEZONE"])
    expires = check.date("consent_expires", settings["TIMEZONE"])
    if given and given.date() > settings["TODAY"]:
        # Nobody signs on a day still to come: the date was mistyped, and the
        # form it should be copied from may not cover this story at all.
        check.error("consent_date", f"is {dates.day(given)}, a day that has not come yet",
                    "copy the day the patient signed from the consent form, as YYYY-MM-DD")
    if given and expires and expires <= given:
        check.error("consent_expires", "is not after consent_date", "copy the expiry date from the signed form")
    article.consent = kinds.Consent(check.raw("consent"), given, expires, frozenset(scope)) if given and expires else None
    article.consent_withdrawn = check.date("consent_withdrawn", settings["TIMEZONE"])
    article.channels = frozenset(scope) & frozenset(kinds.CHANNELS)

    typical = check.raw("results_typical")
    article.results_typical = _YES.get(typical.lower()) if typical else None
    article.typical_results = check.raw("typical_results")
    if typical and article.results_typical is None:
        check.error("results_typical", f'"{typical}" is not yes or no', "write yes or no")
    if article.results_typical is False and not article.typical_results:
        check.error("typical_results", "is missing while results_typical is no",
                    'add "Typical_results: what results people can generally expect"',
                    line=article.source_lines.get("results_typical"))
    photo = check.raw("photo_consent")
    article.photo_consent = _YES.get(photo.lower()) if photo else None
    if photo and article.photo_consent is None:
        check.error("photo_consent", f'"{photo}" is not yes or no', "write yes or no")


def _question(check, kind, settings):
    check.article.question = typography.typeset(check.raw("question"))


def _myth_address(check, claim):
    """An error when the myth's address is the claim: addresses are shared as
    links, so "/myths/vaccines-cause-autism/" would repeat the myth in every post."""
    article = check.article
    regex_subs = article.settings["SLUG_REGEX_SUBSTITUTIONS"]
    slug = str(getattr(article, "slug", "") or "")
    if not claim or not slug or slug != slugify(claim, regex_subs=regex_subs):
        return
    better = slugify(article.fact or "", regex_subs=regex_subs)
    fix = f'make it from the fact: "Slug: {better}"' if better else "make it from the fact"
    check.error("slug", f'"{slug}" is the myth itself, and an address is shared as a link, '
                "so every post of it would repeat the myth", fix, line=article.source_lines.get("slug", 1))


_KIND_CHECKS = {"myth": _myth, "news": _news, "story": _story, "question": _question}
