"""Scan every text of an article that reaches the site for identifiers and names.

The texts: title, summary, body, the alt and title attributes in it, tags,
slug, question, typical results, updates, and the file names of the article
and of every file it shows or links (as written in its source, so a plugin
that renames published images changes nothing here).

identifiers.py finds candidates; this module decides which are someone's:
not the clinic's own phone number, email or address (the CLINIC setting),
not a public help line (PRIVACY_PUBLIC_NUMBERS) or the clinic's own social
accounts (PRIVACY_PUBLIC_PROFILES), not a citation (DOI, PMID, PMCID, ISBN,
trial number, journal volume and pages) and not one of the article's own
dates. Names (names.py) are not the clinic's clinicians, its staff
(PRIVACY_STAFF_NAMES) or the drug, disease and place names it allows
(PRIVACY_ALLOWED_NAMES, and allowed_names.txt beside this module). What
remains is reported at the line where it was written.
"""

import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from clinic import text as html_text

from . import identifiers, names, settings

FIELD = "identifier"
FIX = ("remove it; if it is not a patient's (PHI, protected health information: any detail that could "
       "identify a patient), a clinician who did not write the article checks it, lists it in Phi_cleared "
       "and names themself in Phi_cleared_by")
_ALLOWED_FILE = Path(__file__).with_name("allowed_names.txt")
# Pelican's link prefixes, and what a file name is split into words at.
_FILE_PREFIX = re.compile(r"^(?:\{(?:static|attach|filename)\}|\|(?:static|attach|filename)\|)")
_FILE_WORD_BREAKS = re.compile(r"[-_.+\s]+")

# Citation numbers look like phone numbers and dates; they are blanked out
# before the search.
_CITATIONS = re.compile(
    r"\b(?:doi:\s*)?10\.\d{4,9}/[^\s\"<>]+"
    r"|\bPMID:?\s*\d+|\bPMCID:?\s*PMC\d+|\bPMC\d{4,}"
    r"|\bISBN(?:-1[03])?:?\s*[\d-]{9,17}[\dXx]"
    r"|\bNCT\d{8}\b"
    r"|\b(?:1[89]|20)\d\d\s*;\s*\d+(?:\s*\(\s*[\w-]+\s*\))?\s*:\s*[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?",
    re.I,
)
# A line of a reference list: it cites "et al." or a DOI, PMID or journal volume.
_REFERENCE_LINES = re.compile(
    r"^.*(?:\bet al\b|\bdoi\b|\bPMID\b|\b(?:1[89]|20)\d\d\s*;\s*\d+|\b[A-Z][a-z]+ [A-Z]{1,3}, [A-Z][a-z]+ [A-Z]{1,3}\b).*$",
    re.M | re.I,
)
# What every citation number above holds: "10." (a DOI), a digit before a
# semicolon (a journal's year and volume), or one of these words in any case.
_CITATION_WORDS = ("pmid", "pmc", "isbn", "nct")
_DIGIT_BEFORE_SEMICOLON = re.compile(r"\d\s*;")
_BLOCKS = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr",
    "table", "tr", "td", "th", "blockquote", "pre", "section", "figure", "figcaption", "details", "summary",
}


@dataclass(frozen=True)
class Finding:
    """An identifier to report: its kind, the text as written, and the field it was in."""

    kind: str
    text: str
    field: str


class Allowed:
    """What is not a patient's identifier on this site: built once per build from settings."""

    def __init__(self, conf, clinicians=()):
        clinic = conf.get("CLINIC") or {}
        self.people = _name_words([clinician.name for clinician in clinicians]
                                  + list(settings.get(conf, "PRIVACY_STAFF_NAMES")))
        self.words = _name_words([*settings.get(conf, "PRIVACY_ALLOWED_NAMES"), *_allowed_file_names(),
                                  str(conf.get("SITENAME") or ""),
                                  *(str(clinic.get(field) or "") for field in ("name", "street", "city", "region"))])
        numbers = [clinic.get("telephone"), clinic.get("fax"), *settings.get(conf, "PRIVACY_PUBLIC_NUMBERS")]
        self.phones = {identifiers.phone_key(str(number)) for number in numbers if number} - {None}
        email = str(clinic.get("email") or "").lower()
        self.email_domain = email.partition("@")[2]
        self.street = _words(clinic.get("street") or "")
        self.zip = str(clinic.get("postal_code") or "")[:5]
        self.profiles = {_url_key(url) for url in settings.get(conf, "PRIVACY_PUBLIC_PROFILES")}

    def covers(self, found, own_dates):
        """True when `found` is the clinic's, a public number or one of the article's dates."""
        kind = found.kind
        if kind in (identifiers.PHONE, identifiers.FAX):
            return found.value in self.phones
        if kind == identifiers.EMAIL:
            return bool(self.email_domain) and found.value.endswith("@" + self.email_domain)
        if kind == identifiers.ADDRESS:
            return bool(self.street) and _words(found.text) == self.street
        if kind == identifiers.ZIP:
            return found.value == self.zip
        if kind == identifiers.DATE:
            # A birth, admission or death is a patient's date even when it is one of the article's.
            return not found.event and (found.value in own_dates.days or own_dates.precedes(found.value))
        if kind == identifiers.PROFILE:
            return _url_key(found.value) in self.profiles
        return False


def read(article):
    """Everything the scan reads from an article, as plain data (cache.py keys results by it)."""
    moments = [getattr(article, name, None) for name in ("date", "modified", "reviewed_on")]
    moments += [when for when, _ in getattr(article, "update_history", [])]
    published = getattr(article, "date", None)
    lines = getattr(article, "source_lines", {})
    return {
        "title": str(getattr(article, "title", "") or ""),
        "tags": [str(tag) for tag in getattr(article, "tags", None) or []],
        "slug": str(getattr(article, "slug", "") or ""),
        "question": str(getattr(article, "question", "") or ""),
        "typical_results": str(getattr(article, "typical_results", "") or ""),
        "updates": [str(text) for _, text in getattr(article, "update_history", [])],
        "file": PurePosixPath(str(getattr(article, "source_path", "") or "")).stem,
        "media": [str(path) for field, path in getattr(article, "media", []) if field in lines],
        "summary": (str(article.metadata.get("summary", "") or "")
                    if "summary" in getattr(article, "source_lines", {}) else None),
        # The body as read: `article.content` would resolve {static} links now,
        # before the static files are known, and Pelican keeps that first result.
        "body": article._content or "",
        "days": sorted({_day(moment) for moment in moments if moment}),
        "published": _day(published) if published else None,
    }


def found_in(texts, allowed):
    """Every identifier in `texts` (from `read`) that `allowed` does not cover, in reading order."""
    own_dates = _OwnDates(texts["days"], texts["published"])
    body = _Body.read(texts["body"])
    found = []
    for field, text, as_words in _texts(texts, body):
        without_citations = _without_citations(text)
        candidates = identifiers.find(without_citations)
        for candidate in candidates:
            if not allowed.covers(candidate, own_dates):
                found.append(Finding(candidate.kind, text[candidate.start:candidate.start + len(candidate.text)], field))
        # A word of an address or a profile ("42 Oak Street") is reported with it, not as a name;
        # the authors a reference cites are not patients.
        taken = [(candidate.start, candidate.start + len(candidate.text)) for candidate in candidates]
        taken += [(line.start(), line.end()) for line in _REFERENCE_LINES.finditer(text)]
        for start, name in names.find(without_citations, allowed.people, allowed.words, single=not as_words):
            if not any(begin <= start < end for begin, end in taken):
                found.append(Finding(names.NAME, name, field))
    for url in body.links:
        if identifiers.profile_url(url) and _url_key(url) not in allowed.profiles:
            found.append(Finding(identifiers.PROFILE, url, "_body"))
    # In order, each once (the dataclasses are frozen, so they hash).
    return list(dict.fromkeys(found))


def message(finding):
    """The problem's message: the kind and only the start of the identifier.

    Build logs are kept and shared; the whole identifier would copy a
    patient's details into them. The line number says where it is.
    """
    shown = finding.text if len(finding.text) <= 4 else finding.text[:4] + "…"
    return f'{finding.kind} "{shown}"'


def _texts(texts, body):
    """(field, plain text, True when made into words from a slug or file name) for every
    text of the article: title, summary, body, attributes, header texts, tags, file names
    and the addresses of its email and phone links."""
    yield "title", html_text.text(texts["title"]), False
    if texts["summary"] is not None:
        yield "summary", html_text.text(texts["summary"]), False
    yield "_body", body.text, False
    for description in body.attribute_texts:
        yield "_body", description, False
    for field in ("question", "typical_results"):
        if texts[field]:
            yield field, texts[field], False
    for update in texts["updates"]:
        yield "updates", update, False
    # Tags, slugs and file names are often written in lower case; written as
    # words with capitals, the names in them read as names.
    for tag in texts["tags"]:
        yield "tags", tag, False
        yield "tags", _as_words(tag), True
    yield "slug", _as_words(texts["slug"]), True
    yield "_file", _as_words(texts["file"]), True
    for path in texts["media"] + [url for url in body.links + body.sources if _FILE_PREFIX.match(url)]:
        yield "_body", _as_words(_file_stem(path)), True
    for url in body.links:
        scheme, colon, address = url.partition(":")
        if colon and scheme.lower() in ("mailto", "tel"):
            yield "_body", address, False


class _OwnDates:
    """The article's own dates, which are never a patient's.

    Its publication, update and review dates (also written without the year),
    and the clinic's plans: a date after publication, up to a year after the
    article's latest own date ("walk-in mornings on October 24, 2026"). A
    birth, admission, discharge or death the article tells of had happened
    when it was written; so had a date years after an old story's, which only
    an edit can have brought in.
    """

    def __init__(self, days, published):
        days = {tuple(day) for day in days}
        self.days = days | {(None, month, day) for _, month, day in days}
        self.published = tuple(published) if published else None
        latest = max([self.published, *days]) if self.published else None
        self.plans_until = (latest[0] + 1, *latest[1:]) if latest else None

    def precedes(self, value):
        """True when the date (year, month, day) is one of the clinic's plans: after
        publication and within a year of the article's latest own date."""
        return bool(self.published and value[0] is not None and self.published < value <= self.plans_until)


def _without_citations(text):
    """The text with citation numbers replaced by spaces, so positions stay the same."""
    if not ("10." in text or _DIGIT_BEFORE_SEMICOLON.search(text) or identifiers.holds_any(text, _CITATION_WORDS)):
        return text
    return _CITATIONS.sub(lambda match: " " * len(match.group()), text)


def _name_words(texts):
    """The lowercase words of names and phrases, as names.find compares them."""
    return frozenset(word.lower().removesuffix("'s") for text in texts for word in re.findall(r"[\w'’]+", text))


def _as_words(name):
    """A tag, slug or file name as capitalised words: "jean-barker_67" is "Jean Barker 67"."""
    return " ".join(word[:1].upper() + word[1:] for word in _FILE_WORD_BREAKS.split(name) if word)


def _file_stem(path):
    """The file name, without folder or extension, of a header path or {static} link."""
    return PurePosixPath(unquote(urlsplit(_FILE_PREFIX.sub("", path)).path)).stem


@functools.cache
def _allowed_file_names():
    """The drug, disease and place names the kit allows by default (allowed_names.txt)."""
    lines = _ALLOWED_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line for line in lines if line.strip() and not line.startswith("#"))


def _day(moment):
    """(year, month, day) of a date or datetime."""
    return (moment.year, moment.month, moment.day)


def _words(text):
    return " ".join(re.findall(r"\w+", str(text).lower()))


def _url_key(url):
    return str(url).strip().lower().removeprefix("https://").removeprefix("http://").removeprefix("www.").rstrip("/")



class _Body(HTMLParser):
    """The body's text (blocks on their own lines), image descriptions and link targets."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.attribute_texts = []
        self.links = []
        self.sources = []

    @classmethod
    def read(cls, html):
        """Parse a rendered body."""
        body = cls()
        body.feed(html or "")
        body.close()
        return body

    @property
    def text(self):
        """The visible text."""
        return "".join(self.parts)

    def handle_starttag(self, tag, attrs):
        """Start a line at a block; keep image descriptions and link targets."""
        if tag in _BLOCKS:
            self.parts.append("\n")
        attributes = dict(attrs)
        # A title attribute shows as a tooltip on any element.
        if attributes.get("title"):
            self.attribute_texts.append(attributes["title"])
        if tag == "img":
            if attributes.get("alt"):
                self.attribute_texts.append(attributes["alt"])
            if attributes.get("src"):
                self.sources.append(attributes["src"])
        elif tag == "a" and (href := attributes.get("href")):
            self.links.append(href)

    def handle_endtag(self, tag):
        """End a line after a block, so text of two blocks never runs together."""
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        """Keep the text."""
        self.parts.append(data)
