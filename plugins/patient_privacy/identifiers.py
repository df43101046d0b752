"""Find the identifiers that HIPAA Safe Harbor lists and that text can carry.

`find(text)` returns every candidate in one piece of plain text: phone and
fax numbers (through Google's libphonenumber, the `phonenumbers` package),
email addresses, social security numbers, medical record and other account
numbers, full dates, street addresses, ZIP codes, personal profile URLs, IP
addresses and ages over 89. No offline library finds the others reliably, so
each has one named pattern below, kept narrow on purpose: a clinician who
gets false alarms learns to ignore them.

What counts as someone's identifier and what is the clinic's own, a citation
or the article's date is decided by the caller (scan.py), not here.
"""

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

# The labels clinicians read in messages.
PHONE = "phone number"
FAX = "fax number"
EMAIL = "email address"
SSN = "social security number"
RECORD = "record number"
DATE = "full date"
ADDRESS = "street address"
ZIP = "ZIP code"
PROFILE = "personal profile URL"
IP = "IP address"
AGE = "age over 89"


@dataclass(frozen=True)
class Found:
    """One candidate identifier: what kind, the text as written, where it starts."""

    kind: str
    text: str
    start: int
    # A parsed value callers compare with what is allowed: the E.164 form of
    # a phone number, the lowercased email, (year, month, day) of a date.
    value: object = None


_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"

# "March 3, 1950", "3 March 1950", "3rd of March, 1950".
_WRITTEN_DATES = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),
)
# A day and month without a year is still part of a date of birth, admission,
# discharge or death when the sentence says so: "born on March 3".
_DATE_CONTEXT = r"\b(?:born|birthday|DOB|date of birth|admitted|admission|discharged|discharge|died|passed away|death)\b[^.\n]{0,30}?"
_EVENT_DATES = (
    re.compile(rf"{_DATE_CONTEXT}\b(?P<date>{_MONTH}\s+{_DAY})\b", re.I),
    re.compile(rf"{_DATE_CONTEXT}\b(?P<date>{_DAY}\s+(?:of\s+)?{_MONTH})\b", re.I),
)
# 3/14/1950, 03-14-50, 14.03.1950 (the dotted form only with four-digit years,
# so version numbers do not match) and ISO 1950-03-14.
_NUMERIC_DATES = (
    re.compile(r"\b(?P<a>\d{1,2})([/-])(?P<b>\d{1,2})\2(?P<year>\d{4}|\d{2})\b(?![/-]\d)"),
    re.compile(r"\b(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.(?P<year>\d{4})\b(?!\.\d)"),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b(?!-\d)"),
)

_EMAIL = re.compile(r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_SSN = re.compile(
    r"\b\d{3}-\d{2}-\d{4}\b|\b\d{3} \d{2} \d{4}\b"
    r"|\b(?:SSN|social security(?: number| no\.?| #)?)\s*[:#]?\s*(?P<bare>\d{9})\b",
    re.I,
)
# Medical record, health plan, account, certificate, licence, claim and
# similar numbers are recognised by the words before them; the number itself
# must hold at least three digits ("Policy number: AB-204-1187").
_RECORD = re.compile(
    r"\b(?:MRN|medical record(?:\s+(?:number|no\.?|#))?|record\s+(?:number|no\.?|#)"
    r"|(?:patient|member|subscriber|policy|account|acct\.?|claim|case|chart|certificate|licen[cs]e"
    r"|health plan|insurance|group|beneficiary|medicare|medicaid|device|serial|vin|plate)"
    r"\s*(?:id|number|no\.?|#))"
    r"\s*[:#]?\s*(?P<number>(?=(?:[A-Z-]*\d){3})[A-Z0-9][A-Z0-9-]*)",
    re.I,
)
_STREET_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Parkway|Pkwy"
    r"|Place|Pl|Terrace|Ter|Circle|Cir|Highway|Hwy|Trail|Trl|Square|Sq|Alley|Aly|Crescent|Loop|Run|Pike)"
)
_ADDRESS = re.compile(
    rf"\b\d{{1,6}}(?:\s+(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?)?"
    rf"(?:\s+(?:[A-Z][a-z]+|\d+(?:st|nd|rd|th))){{1,4}}\s+{_STREET_SUFFIX}\b\.?"
    r"|\bP\.?\s?O\.?\s+Box\s+\d+\b",
)
_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP"
).split()
# Five-digit numbers are everywhere ("10000 steps"); a ZIP code is one after a
# state's abbreviation (capitals only: "in 10000" is not Indiana), one labelled
# as a ZIP code, or a ZIP+4.
_ZIPS = (
    re.compile(rf"\b(?:{'|'.join(_STATES)}),?\s+(?P<zip>\d{{5}}(?:-\d{{4}})?)\b"),
    re.compile(r"\bZIP(?:\s*code)?\s*[:#]?\s*(?P<zip>\d{5}(?:-\d{4})?)\b", re.I),
    re.compile(r"\b(?P<zip>\d{5}-\d{4})\b"),
)
_IP = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)")
_AGE = re.compile(
    r"\b(?P<a>9\d|1[0-2]\d)[\s-]*(?:years?|yrs?)[\s-]*old\b"
    r"|\b(?:aged?|age of)\s+(?P<b>9\d|1[0-2]\d)\b"
    r"|\bin\s+(?:his|her|my)\s+(?:(?P<c>9\d|1[0-2]\d)s|nineties|hundreds)\b",
    re.I,
)
# Safe Harbor lets ages over 89 be written as one group: "aged 90 or older".
_AGE_GROUP = re.compile(r"\s*(?:\+|(?:years?\s+)?(?:or|and)\s+(?:older|over|above))", re.I)
_URL = re.compile(r"\bhttps?://[^\s<>\"')\]]+", re.I)
_FAX_BEFORE = re.compile(r"\bfax\b[\s:#.-]*$", re.I)

# Clues: what a text must hold for a finder's patterns to match at all. Most
# texts lack them, and searching for a clue costs a fraction of the patterns.
_DIGIT = re.compile(r"\d")
_THREE_DIGITS = re.compile(r"\d{3}")
_FIVE_DIGITS = re.compile(r"\d{5}")
_YEAR_CLUE = re.compile(r"(?:1[89]|20)\d\d")
_NUMERIC_DATE_CLUE = re.compile(r"\d[/.-]\d")
_DOTTED_NUMBER = re.compile(r"\d\.\d")
_RECORD_CLUE = re.compile(r"\d[A-Z-]*\d[A-Z-]*\d", re.I)
_EVENT_WORDS = ("born", "birthday", "dob", "date of birth", "admitted", "admission", "discharge", "died",
                "passed away", "death")
# Ignoring case, a regular expression also matches i to İ and ı, s to ſ and k
# to the Kelvin sign: a text with any of them gets the full search.
_FOLDED_LETTERS = "\u0130\u0131\u017f\u212a"

# Where a path names one person: the social networks' profile addresses, and
# the /@name and /~name home pages of many other sites.
_PROFILE_HOSTS = {
    "facebook.com": r"/(?!sharer|share|groups/|events/|watch|help)[^/?#]+/?$|/profile\.php",
    "fb.com": r"/[^/?#]+/?$",
    "instagram.com": r"/(?!p/|reel/|explore/)[^/?#]+/?$",
    "twitter.com": r"/(?!intent/|share|hashtag/|i/)[^/?#]+/?$",
    "x.com": r"/(?!intent/|share|hashtag/|i/)[^/?#]+/?$",
    "tiktok.com": r"/@",
    "threads.net": r"/@",
    "linkedin.com": r"/in/|/pub/",
    "youtube.com": r"/@|/user/|/channel/|/c/",
    "reddit.com": r"/u/|/user/",
    "bsky.app": r"/profile/",
    "pinterest.com": r"/(?!pin/|search/)[^/?#]+/?$",
    "snapchat.com": r"/add/",
}
_PERSONAL_PATH = re.compile(r"^/(?:@|~)[^/]+")


def find(text):
    """Every candidate identifier in `text`, in order of position."""
    found = []
    for finder in (_phones, _emails, _ssns, _records, _dates, _addresses, _zips, _ips, _ages, _profiles_in_text):
        found.extend(finder(text))
    return sorted(_without_overlaps(found), key=lambda item: item.start)


def profile_url(url):
    """True when `url` is the address of one person's profile or home page."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower().removeprefix("www.").removeprefix("m.")
    path = parts.path or "/"
    pattern = _PROFILE_HOSTS.get(host)
    if pattern:
        return path != "/" and re.search(pattern, path) is not None
    return _PERSONAL_PATH.match(path) is not None


def phone_key(text, region="US"):
    """The E.164 form of a phone number as written, or None when it is not one."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _without_overlaps(found):
    """Keep the first, longest candidate where two overlap (a ZIP+4 inside an address)."""
    kept = []
    for item in sorted(found, key=lambda item: (item.start, -len(item.text))):
        if kept and item.start < kept[-1].start + len(kept[-1].text):
            continue
        kept.append(item)
    return kept


def _phones(text):
    if not _DIGIT.search(text):
        return
    # POSSIBLE, not VALID: made-up and unassigned numbers (555-0123) belong
    # to someone in a story just as well, and are what writers type as examples.
    for match in PhoneNumberMatcher(text, "US", leniency=Leniency.POSSIBLE):
        kind = FAX if _FAX_BEFORE.search(text[: match.start]) else PHONE
        key = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        yield Found(kind, match.raw_string, match.start, key)


def _emails(text):
    if "@" not in text:
        return
    for match in _EMAIL.finditer(text):
        yield Found(EMAIL, match.group(), match.start(), match.group().lower())


def _ssns(text):
    if not _THREE_DIGITS.search(text):
        return
    for match in _SSN.finditer(text):
        yield Found(SSN, match.group(), match.start())


def _records(text):
    if not _RECORD_CLUE.search(text):
        return
    for match in _RECORD.finditer(text):
        yield Found(RECORD, match.group(), match.start())


def _dates(text):
    for pattern in _WRITTEN_DATES if _YEAR_CLUE.search(text) else ():
        for match in pattern.finditer(text):
            month = _MONTHS[match.group("month").lower()]
            yield Found(DATE, match.group(), match.start(),
                        (int(match.group("year")), month, int(match.group("day"))))
    for pattern in _EVENT_DATES if _tells_of_event(text) else ():
        for match in pattern.finditer(text):
            month = _MONTHS[match.group("month").lower()]
            yield Found(DATE, match.group("date"), match.start("date"), (None, month, int(match.group("day"))))
    for pattern in _NUMERIC_DATES if _NUMERIC_DATE_CLUE.search(text) else ():
        for match in pattern.finditer(text):
            value = _numeric_date(match)
            if value:
                yield Found(DATE, match.group(), match.start(), value)


def _tells_of_event(text):
    """The clue for _EVENT_DATES: one of their words, in any case."""
    lower = text.lower()
    return any(word in lower for word in _EVENT_WORDS) or any(letter in text for letter in _FOLDED_LETTERS)


def _numeric_date(match):
    """(year, month, day) of a numeric date, or None when no calendar has it."""
    groups = match.groupdict()
    year = int(groups["year"])
    if len(groups["year"]) == 2:
        year += 1900 if year > 30 else 2000
    if groups.get("month"):
        month, day = int(groups["month"]), int(groups["day"])
    else:
        # US order first (3/14/1950); 14/3/1950 can only be day first.
        month, day = int(groups["a"]), int(groups["b"])
        if month > 12 >= day:
            month, day = day, month
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return (year, month, day)


def _addresses(text):
    if not _DIGIT.search(text):
        return
    for match in _ADDRESS.finditer(text):
        yield Found(ADDRESS, match.group().rstrip("."), match.start())


def _zips(text):
    for pattern in _ZIPS if _FIVE_DIGITS.search(text) else ():
        for match in pattern.finditer(text):
            yield Found(ZIP, match.group("zip"), match.start("zip"), match.group("zip")[:5])


def _ips(text):
    if not _DOTTED_NUMBER.search(text):
        return
    for match in _IP.finditer(text):
        try:
            ipaddress.ip_address(match.group())
        except ValueError:
            continue
        yield Found(IP, match.group(), match.start())


def _ages(text):
    for match in _AGE.finditer(text):
        if not _AGE_GROUP.match(text, match.end()):
            yield Found(AGE, match.group(), match.start())


def _profiles_in_text(text):
    if "://" not in text:
        return
    for match in _URL.finditer(text):
        url = match.group().rstrip(".,;:")
        if profile_url(url):
            yield Found(PROFILE, url, match.start(), url)
