"""Turn an article's header into the trust data every other part reads.

`enrich()` checks one article against the rules for its kind, reports every
problem it finds (not just the first) and sets the attributes listed in
clinic/__init__.py. It returns False when the article must not be published.
"""

from pathlib import Path

from pelican.utils import slugify

from clinic import articles, dates, kinds, urls, values
from clinic.problems import WARNING


# What a writer should type, for "add a line ..." hints.
EXAMPLES = {
    "title": "Title: Cold weather gives you a cold",
    "date": "Date: 2026-03-14",
    "category": "Category: Myths",
    "authors": "Authors: <a name from content/clinicians.yml>",
    "summary": "Summary: One or two sentences for listings and previews.",
    "reviewed_by": "Reviewed_by: <a clinician other than the author>",
    "reviewed_on": "Reviewed_on: 2026-03-10",
    "claim": "Claim: Cold weather gives you a cold",
    "verdict": "Verdict: False",
    "consent": "Consent: CR-2026-014",
    "consent_date": "Consent_date: 2026-02-03",
    "consent_expires": "Consent_expires: 2028-02-03",
    "consent_scope": "Consent_scope: web, social, feeds",
    "question": "Question: Can I take ibuprofen while breastfeeding?",
}
_YES = {"yes": True, "true": True, "no": False, "false": False}
# Header fields that name files below content/ (comma lists allowed).
MEDIA_FIELDS = ("image", "photo", "attachments")
_STATUSES = ("published", "draft", "hidden")


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
        except ValueError:
            self.error(field, f'"{value}" is not a date', dates.FIX)
            return None


def enrich(article, registry, settings, bodies):
    """Validate one article and set its trust attributes; False withdraws it.

    bodies reads the body's facts (a body.KeptBodies).
    """
    check = _Checker(article)
    for line, field, message, fix in getattr(article, "read_problems", []):
        check.error(field, message, fix, line=line)
    check.unread = {field for _, field, _, _ in getattr(article, "read_problems", [])}
    if check.failed and not article.source_lines:
        return False

    kind = _kind(check)
    article.kind = kind
    _check_required(check, kind)
    _check_status(check)
    _check_shaped_values(check)
    timezone = settings["TIMEZONE"]

    article.author_clinicians = _clinicians(check, registry, "authors", _names(article.metadata.get("authors")))
    reviewers = _clinicians(check, registry, "reviewed_by", [check.raw("reviewed_by")] if check.raw("reviewed_by") else [])
    article.reviewer = reviewers[0] if reviewers else None
    if article.reviewer and article.reviewer in article.author_clinicians:
        check.warn("reviewed_by", f"{article.reviewer.name} both wrote and reviewed this article",
                   "ask another clinician to review it")
    _phi_cleared(check, registry)
    article.media = _media(check)

    article.reviewed_on = check.date("reviewed_on", timezone)
    article.next_review = check.date("next_review", timezone)
    if article.reviewed_on and not article.next_review:
        article.next_review = dates.add_months(article.reviewed_on, settings["REVIEW_INTERVAL"])
    if article.reviewed_on and article.next_review and article.next_review <= article.reviewed_on:
        check.error("next_review", "is not after reviewed_on", "set it after the review date, or leave it out")
    modified = getattr(article, "modified", None) if "modified" in article.source_lines else None
    if modified and modified < article.date:
        check.error("modified", "is before the publication date", "correct the date, or leave modified out")
    article.updated = max(d for d in (article.date, modified, article.reviewed_on) if d)
    article.update_history = _history(check, timezone)
    article.file_slug = _file_slug(article)

    # The body as read, not `article.content`: Pelican memoizes that on first
    # use, and here, before the static files are known, its {static} links
    # would stay unresolved on the published page.
    found = bodies.read(article._content)
    article.sources = found.links
    article.word_count = found.words
    article.reading_minutes = max(1, round(found.words / 200))
    article.toc = _contents(found, settings)

    article.channels = frozenset(kinds.CHANNELS)
    if kind is not None:
        _KIND_CHECKS[kind.key](check, kind, timezone)
        if kind.needs_source_link and not article.sources:
            check.error("sources", "there is no link to a source in the article",
                        'link at least one source, e.g. in a "## Sources" list at the end',
                        line=article.source_lines.get("_body"))
    return not check.failed


def _kind(check):
    """The article's kind: its category's, except that a file in the stories folder is a
    story whatever its header says (and the mismatch is an error), so that consent and
    the identifier scan's errors always apply to it."""
    article = check.article
    kind = kinds.BY_CATEGORY.get(check.raw("category"))
    folder = Path(str(getattr(article, "relative_source_path", "") or "")).parts[:1]
    story = kinds.BY_KEY["story"]
    if folder == (story.folder,) and kind is not story:
        if check.raw("category"):
            check.error("category", f'is "{check.raw("category")}", but the file is in content/{story.folder}/, '
                        "which holds patient stories",
                        f'write "Category: {story.category}", or move the file to the folder of its kind')
        return story
    return kind


def _phi_cleared(check, registry):
    """Phi_cleared: the found texts checked, separated by ";"; Phi_cleared_by: who checked them.

    The checker must be a clinician who did not write the article: the
    author knows who the story is about and cannot see it with a reader's eyes.
    """
    article = check.article
    article.phi_cleared, article.phi_clearer = (), None
    if check.raw("phi_reviewed"):
        check.error("phi_reviewed", "is no longer used: it cleared every finding of the article at once",
                    "list each text the check found and a clinician confirmed in Phi_cleared (separated by ;) "
                    "and name that clinician in Phi_cleared_by")
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
    article.phi_cleared = tuple(values.words(text) for text in texts)
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


def _check_required(check, kind):
    if check.raw("category") and kind is None:
        check.error("category", f'"{check.raw("category")}" is not a category',
                    "use one of: " + ", ".join(k.category for k in kinds.KINDS))
    required = kinds.COMMON_REQUIRED + (kind.required if kind else ())
    for field in required:
        if not check.raw(field):
            check.error(field, "is missing", f'add a line "{EXAMPLES[field]}" to the header')


def _check_status(check):
    status = check.raw("status")
    if status and status.lower() not in _STATUSES:
        check.error("status", f'"{status}" is not a status', "use published, draft or hidden, or leave it out")


def _check_shaped_values(check):
    """Slug, tags and language end up in file names and attributes: each must have its shape."""
    article = check.article
    regex_subs = article.settings["SLUG_REGEX_SUBSTITUTIONS"]
    if check.raw("slug"):
        problem = values.slug_problem(check.raw("slug"), regex_subs)
        if problem:
            check.error("slug", *problem)
    elif check.raw("title"):
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
                        "use a name from content/clinicians.yml (" + ", ".join(registry.names())
                        + ") or add the clinician there")
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
        except ValueError:
            check.error("updates", f'"{entry}" does not start with a date',
                        'write each update as "YYYY-MM-DD: what changed"')
    return sorted(history, reverse=True)


def _myth(check, kind, timezone):
    article = check.article
    claim = check.raw("claim")
    article.claim = claim
    if len(claim) > kinds.CLAIM_MAX_CHARS:
        check.error("claim", f"is {len(claim)} characters long, more than {kinds.CLAIM_MAX_CHARS}",
                    "shorten it to the myth as people say it")
    verdict = check.raw("verdict")
    article.verdict = kinds.VERDICTS.get(verdict.lower())
    if verdict and article.verdict is None:
        check.error("verdict", f'"{verdict}" is not a verdict',
                    "use one of: " + ", ".join(v.label for v in kinds.VERDICTS.values()))


def _news(check, kind, timezone):
    source_url = check.raw("source_url")
    problem = urls.web_address_problem(source_url) if source_url else None
    check.article.source_url = "" if problem else source_url
    if problem:
        check.error("source_url", f'"{source_url}" {problem}',
                    "copy the full address of the original report from the browser's address bar, "
                    "starting with https://")


def _story(check, kind, timezone):
    article = check.article
    scope = [part.strip().lower() for part in check.raw("consent_scope").split(",") if part.strip()]
    for part in scope:
        if part not in kinds.CHANNELS:
            check.error("consent_scope", f'"{part}" is not a scope',
                        "use a comma list of: " + ", ".join(kinds.CHANNELS))
    given = check.date("consent_date", timezone)
    expires = check.date("consent_expires", timezone)
    if given and expires and expires <= given:
        check.error("consent_expires", "is not after consent_date", "copy the expiry date from the signed form")
    withdrawn = check.date("consent_withdrawn", timezone)
    article.consent = (kinds.Consent(check.raw("consent"), given, expires, frozenset(scope), withdrawn)
                       if given and expires else None)
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


def _question(check, kind, timezone):
    check.article.question = check.raw("question")


_KIND_CHECKS = {"myth": _myth, "news": _news, "story": _story, "question": _question}
