"""Scan an article's title, summary, body and image descriptions for identifiers.

identifiers.py finds candidates; this module decides which are someone's:
not the clinic's own phone number, email or address (the CLINIC setting),
not a public help line (PRIVACY_PUBLIC_NUMBERS) or the clinic's own social
accounts (PRIVACY_PUBLIC_PROFILES), not a citation (DOI, PMID, PMCID, ISBN,
trial number, journal volume and pages) and not one of the article's own
dates. What remains is reported at the line where it was written.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from clinic import text as html_text

from . import identifiers, settings

FIELD = "identifier"
FIX = ("remove it, or add Phi_reviewed: <clinician> once a reviewer has confirmed it is not a patient's "
       "(PHI, protected health information: any detail that could identify a patient)")

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

    def __init__(self, conf):
        clinic = conf.get("CLINIC") or {}
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
            return found.value in own_dates.days or own_dates.precedes(found.value)
        if kind == identifiers.PROFILE:
            return _url_key(found.value) in self.profiles
        return False


def read(article):
    """Everything the scan reads from an article, as plain data (cache.py keys results by it)."""
    moments = [getattr(article, name, None) for name in ("date", "modified", "reviewed_on")]
    moments += [when for when, _ in getattr(article, "update_history", [])]
    published = getattr(article, "date", None)
    return {
        "title": str(getattr(article, "title", "") or ""),
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
    for field, text in _texts(texts, body):
        for candidate in identifiers.find(_without_citations(text)):
            if not allowed.covers(candidate, own_dates):
                found.append(Finding(candidate.kind, text[candidate.start:candidate.start + len(candidate.text)], field))
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
    """(field, plain text) for the title, the summary as written, the body, its image texts
    and the addresses of its email and phone links."""
    yield "title", html_text.text(texts["title"])
    if texts["summary"] is not None:
        yield "summary", html_text.text(texts["summary"])
    yield "_body", body.text
    for description in body.image_texts:
        yield "_body", description
    for url in body.links:
        scheme, colon, address = url.partition(":")
        if colon and scheme.lower() in ("mailto", "tel"):
            yield "_body", address


class _OwnDates:
    """The article's own dates, which are never a patient's.

    Its publication, update and review dates (also written without the year),
    and any date after publication: a birth, admission, discharge or death
    the article tells of had happened when it was written, while later dates
    are the clinic's own plans ("walk-in mornings on October 24, 2026").
    """

    def __init__(self, days, published):
        days = {tuple(day) for day in days}
        self.days = days | {(None, month, day) for _, month, day in days}
        self.published = tuple(published) if published else None

    def precedes(self, value):
        """True when the article was published before the date (year, month, day)."""
        return bool(self.published and value[0] is not None and value > self.published)


def _without_citations(text):
    """The text with citation numbers replaced by spaces, so positions stay the same."""
    if not ("10." in text or _DIGIT_BEFORE_SEMICOLON.search(text) or identifiers.holds_any(text, _CITATION_WORDS)):
        return text
    return _CITATIONS.sub(lambda match: " " * len(match.group()), text)


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
        self.image_texts = []
        self.links = []

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
        if tag == "img":
            attributes = dict(attrs)
            self.image_texts.extend(value for key in ("alt", "title") if (value := attributes.get(key)))
        elif tag == "a" and (href := dict(attrs).get("href")):
            self.links.append(href)

    def handle_endtag(self, tag):
        """End a line after a block, so text of two blocks never runs together."""
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        """Keep the text."""
        self.parts.append(data)
