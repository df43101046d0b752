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
VEHICLE = "licence plate"
DEVICE = "device serial number"


@dataclass(frozen=True)
class Found:
    """One candidate identifier: what kind, the text as written, where it starts."""

    kind: str
    text: str
    start: int
    # A parsed value callers compare with what is allowed: the E.164 form of
    # a phone number, the lowercased email, (year, month, day) of a date.
    value: object = None
    # True when the sentence says the date is a birth, admission, discharge or
    # death: such a date is a patient's even when it is after publication.
    event: bool = False


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
    r"\b\d{3}-\d{2}-\d{4}\b|\b\d{3} \d{2} \d{4}\b|\b\d{3}\.\d{2}\.\d{4}\b"
    r"|\b(?:SSN|social security(?: number| no\.?| #)?)\s*[:#]?\s*(?P<bare>\d{9})\b",
    re.I,
)
# Medical record, health plan, account, certificate, licence, claim and
# similar numbers are recognised by the words before them; the number itself
# must hold at least three digits ("Policy number: AB-204-1187"). The
# labels are patterns in lowercase: _RECORD ignores case.
_RECORD_LABELS = (
    r"patient|member|subscriber|policy|account|acct\.?|claim|case|chart|certificate|licen[cs]e"
    r"|health plan|insurance|group|beneficiary|medicare|medicaid"
)
_RECORD = re.compile(
    r"\b(?:mrn|medical record(?:\s+(?:number|no\.?|#))?|record\s+(?:number|no\.?|#)"
    rf"|(?:{_RECORD_LABELS})\s*(?:id|number|no\.?|#))"
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
# "fax: 217…", "Fax her records to 217…": the word in the same clause.
_FAX_BEFORE = re.compile(r"\bfax\b[^.;\n\d]{0,30}$", re.I)

# Clues: what a text must hold for a finder's patterns to match at all. Most
# texts lack them, and looking for a clue costs a fraction of a pattern. Those
# that begin with a digit are all looked for in one pass over the text's
# digits (see _digit_clues); the others are a capital or a fixed word, which
# the regular expression engine skips to instead of trying every position.
_DIGIT_CLUES = {
    "five digits": r"\d{5}",
    "year": r"(?:1[89]|20)\d\d",
    "numeric date": r"\d[/.-]\d",
    "dotted number": r"\d\.\d",
    # Three, two and four digits, or nine together.
    "ssn": r"\d(?:\d\d[-. ]\d\d[-. ]\d{4}|\d{8})",
    # Three digits with only letters and dashes between, ignoring case as _RECORD does.
    "record number": r"(?i:\d[A-Z-]*\d[A-Z-]*\d)",
    # A number and a space before a street's name.
    "house number": r"\d\s",
    # A number from 90 to 129 (not the start of a longer one, such as 911).
    "age": r"(?:9|1[0-2])\d(?!\d)",
}
# At each digit, every clue is tried from there by a lookahead, put inside a
# one-character lookbehind so that the pattern itself starts with the digit
# the engine skips to; the clue's group holds what it matched there, or "".
_DIGIT_CLUES_AT_DIGITS = re.compile(r"\d" + "".join(rf"(?:(?<=(?=({clue}))\d)|)" for clue in _DIGIT_CLUES.values()))
# The kind of street after its name; a post office box is written "Box".
_STREET_KIND = re.compile(rf"{_STREET_SUFFIX}\b")
# Words for an age over 89.
_AGE_WORDS = ("nineties", "hundreds")
_EVENT_WORDS = ("born", "birthday", "dob", "date of birth", "admitted", "admission", "discharge", "died",
                "passed away", "death")
# Ignoring case, a regular expression also matches i to İ and ı, s to ſ and k
# to the Kelvin sign: in a text with any of them, the lowercased text is not
# what such a pattern reads, and the clues that read it do not apply.
_FOLDED_LETTERS = "\u0130\u0131\u017f\u212a"

# Where the matches of a pattern that ignores case can begin, searched in the
# lowercased text (see _Searched.matches): at the first word of one of
# _RECORD's ways; at a month's name or a day's number; at an event's word.
_RECORD_START = re.compile(rf"mrn|medical record|record|{_RECORD_LABELS}")
_WRITTEN_DATE_STARTS = (re.compile("|".join(sorted({name[:3] for name in _MONTHS}))), re.compile("[0-9]"))
_EVENT_DATE_START = re.compile("|".join(_EVENT_WORDS))

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
    searched = _Searched(text)
    found = []
    for finder in (_phones, _emails, _ssns, _records, _dates, _addresses, _zips, _ips, _ages, _profiles_in_text,
                   _more_ages, _more_dates, _lower_streets, _town_zips, _plates_and_serials, _disguised_contacts,
                   _member_pages):
        found.extend(finder(searched))
    return sorted(_without_overlaps(found), key=lambda item: item.start)


def holds_any(text, words):
    """False only when `text` holds none of the lowercase `words`, in any case that a
    regular expression ignoring case would match: a clue for such a pattern."""
    lower = text.lower()
    return _folds(text, lower) or any(word in lower for word in words)


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


class _Searched:
    """A text to search, with its lowercase form and the digit clues it holds:
    made once, read by every finder's clues."""

    __slots__ = ("text", "lower", "folds", "clues")

    def __init__(self, text):
        self.text = text
        self.clues = _digit_clues(text)
        self.lower = text.lower()
        self.folds = _folds(text, self.lower)

    def may_hold(self, words):
        """False only when the text holds none of the lowercase `words` in any case
        that a regular expression ignoring case would match."""
        return self.folds or any(word in self.lower for word in words)

    def matches(self, pattern, starts):
        """pattern.finditer(text), where `starts`, searched in the lowercase text,
        finds every place a match can begin: the pattern is tried only there."""
        # A pattern that ignores case is tried at every position of the text;
        # its lowercase first words are found by the engine's quick skip instead.
        if self.folds:
            yield from pattern.finditer(self.text)
            return
        position = 0
        while start := starts.search(self.lower, position):
            match = pattern.match(self.text, start.start())
            if match:
                yield match
                position = match.end()
            else:
                position = start.start() + 1


def _digit_clues(text):
    """The names of the _DIGIT_CLUES that `text` holds, and "digit" when it holds any digit."""
    at_digits = _DIGIT_CLUES_AT_DIGITS.findall(text)
    found = {name for name, matched in zip(_DIGIT_CLUES, zip(*at_digits)) if any(matched)}
    return found | {"digit"} if at_digits else found


def _folds(text, lower):
    """True when `lower` (text.lower()) cannot stand for `text` in a search that ignores case."""
    # Positions in `lower` are those in `text` only while lowercasing keeps
    # every character one character (İ becomes two).
    return any(letter in text for letter in _FOLDED_LETTERS) or len(lower) != len(text)


def _phones(searched):
    if "digit" not in searched.clues:
        return
    text = searched.text
    # POSSIBLE, not VALID: made-up and unassigned numbers (555-0123) belong
    # to someone in a story just as well, and are what writers type as examples.
    for match in PhoneNumberMatcher(text, "US", leniency=Leniency.POSSIBLE):
        kind = FAX if _FAX_BEFORE.search(text[: match.start]) else PHONE
        key = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        yield Found(kind, match.raw_string, match.start, key)


def _emails(searched):
    if "@" not in searched.text:
        return
    for match in _EMAIL.finditer(searched.text):
        yield Found(EMAIL, match.group(), match.start(), match.group().lower())


def _ssns(searched):
    if "ssn" not in searched.clues:
        return
    for match in _SSN.finditer(searched.text):
        yield Found(SSN, match.group(), match.start())


def _records(searched):
    if "record number" not in searched.clues:
        return
    for match in searched.matches(_RECORD, _RECORD_START):
        yield Found(RECORD, match.group(), match.start())


def _dates(searched):
    text = searched.text
    for pattern, starts in zip(_WRITTEN_DATES, _WRITTEN_DATE_STARTS) if "year" in searched.clues else ():
        for match in searched.matches(pattern, starts):
            month = _MONTHS[match.group("month").lower()]
            yield Found(DATE, match.group(), match.start(),
                        (int(match.group("year")), month, int(match.group("day"))), _told_as_event(text, match.start()))
    for pattern in _EVENT_DATES if searched.may_hold(_EVENT_WORDS) else ():
        for match in searched.matches(pattern, _EVENT_DATE_START):
            month = _MONTHS[match.group("month").lower()]
            yield Found(DATE, match.group("date"), match.start("date"), (None, month, int(match.group("day"))), True)
    for pattern in _NUMERIC_DATES if "numeric date" in searched.clues else ():
        for match in pattern.finditer(text):
            value = _numeric_date(match)
            if value:
                yield Found(DATE, match.group(), match.start(), value, _told_as_event(text, match.start()))


def _told_as_event(text, start):
    """True when the words before `start` say that a date is a birth, admission, death or the like."""
    return _EVENT_BEFORE.search(text, max(0, start - 60), start) is not None


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


def _addresses(searched):
    text = searched.text
    if "Box" not in text and not ("house number" in searched.clues and _STREET_KIND.search(text)):
        return
    for match in _ADDRESS.finditer(text):
        yield Found(ADDRESS, match.group().rstrip("."), match.start())


def _zips(searched):
    text = searched.text
    for pattern in _ZIPS if "five digits" in searched.clues else ():
        for match in pattern.finditer(text):
            yield Found(ZIP, match.group("zip"), match.start("zip"), match.group("zip")[:5])


def _ips(searched):
    if "dotted number" not in searched.clues:
        return
    for match in _IP.finditer(searched.text):
        try:
            ipaddress.ip_address(match.group())
        except ValueError:
            continue
        yield Found(IP, match.group(), match.start())


def _ages(searched):
    text = searched.text
    if "age" not in searched.clues and not searched.may_hold(_AGE_WORDS):
        return
    for match in _AGE.finditer(text):
        if not _AGE_GROUP.match(text, match.end()):
            yield Found(AGE, match.group(), match.start())


def _profiles_in_text(searched):
    if "://" not in searched.text:
        return
    for match in _URL.finditer(searched.text):
        url = match.group().rstrip(".,;:")
        if profile_url(url):
            yield Found(PROFILE, url, match.start(), url)


# Forms the patterns above do not read: numbers written as words, addresses
# in lower case, contact details disguised against spam robots, and the
# plates, serials and profiles a story may name. Each finder looks for a
# cheap clue first, as above.

_UNIT_AFTER = (
    r"(?!\s*(?:%|/|\.\d|-?\d|percent|mg|mcg|µg|g\b|kg|lbs?\b|pounds|mmhg|mm\b|cm\b|ml\b|bpm|beats|units?\b"
    r"|degrees|°|minutes|mins?\b|seconds|hours|days|weeks|months|steps|times|points|out of|over\b))"
)
_PERSON = (
    r"she|he|i|i'm|who|mom|mum|mother|dad|father|grandmother|grandfather|grandma|grandpa|husband|wife"
    r"|patient|aunt|uncle|\w+'s\s+(?:mother|father|mom|mum|dad|grandmother|grandfather)"
)
_AGE_NUMBER = r"(?P<n>9\d|1[0-2]\d)"
_AGE_WORD = (
    r"(?P<w>ninety(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|(?:a|one)\s+hundred(?:\s+and)?(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))?)"
)
_MORE_AGES = (
    # "At 93, she…", "At 93 she still walks".
    re.compile(rf"\bat\s+{_AGE_NUMBER}(?=\s*[,;.)]|\s*$|\s+(?:she|he|i|they|my|his|her|years)\b)", re.I),
    # "She is 93", "my mother turned 95".
    re.compile(rf"\b(?:{_PERSON})\s+(?:is|was|turned|turns|will\s+turn|just\s+turned|has\s+turned|reached)\s+"
               rf"{_AGE_NUMBER}\b{_UNIT_AFTER}", re.I),
    # "her 93rd birthday".
    re.compile(rf"\b{_AGE_NUMBER}(?:st|nd|rd|th)\s+birthday\b", re.I),
    # "ninety-three years old", "a ninety-three-year-old", "aged ninety".
    re.compile(rf"\b{_AGE_WORD}[\s-]*(?:years?|yrs?)[\s-]*old\b", re.I),
    re.compile(rf"\b(?:aged?|age\s+of|at|turned|turns|is|was)\s+{_AGE_WORD}\b", re.I),
)
_AGE_CLUE_WORDS = ("ninety", "hundred", "birthday", "at ", "is ", "was ", "turn", "reached")

# "born in 1934", "born in March 1961", "b. 1961": a year of birth, and a
# month with a year in any sentence about a birth, admission or death.
_BIRTH_YEAR = re.compile(rf"\b(?:born|b\.)\s+(?:in\s+|on\s+)?(?:(?:{_MONTH})\s+(?:of\s+)?)?{_YEAR}\b", re.I)
_EVENT_MONTHS = re.compile(rf"{_DATE_CONTEXT}\b(?P<date>{_MONTH}\s+(?:of\s+)?{_YEAR})\b", re.I)
_EVENT_BEFORE = re.compile(
    r"\b(?:born|birthday|DOB|date of birth|admitted|admission|discharged|discharge|died|passed away|death"
    r"|diagnosed|surgery|operated|hospitali[sz]ed|transplant|delivered|gave birth)\b[^.\n]{0,40}$",
    re.I,
)

_LOWER_STREET = re.compile(
    r"\b\d{1,6}(?:\s+(?!(?:the|a|an|to|of|on|in|at|per|my|his|her|our|their|from|up|down|along|across|past|by"
    r"|and|or|blocks?|miles?|minutes?|times?|days?|weeks?|km|mi|steps|doors?)\b)[a-z]+){1,3}"
    r"\s+(?:street|avenue|road|boulevard|lane|drive|court|terrace|highway|parkway|crescent)\b",
    re.I,
)
_LOWER_STREET_WORDS = ("street", "avenue", "road", "boulevard", "lane", "drive", "court", "terrace",
                       "highway", "parkway", "crescent")

# A town and a ZIP code without the state: "Springfield 62711". The number
# must end the phrase: "Walking 10000 steps" is a count.
# Words that number a thing, not towns: "Story 00003", "Photo 20314", "Myth 00501"
# in a slug or file name, written as words (the kinds of article among them).
_NUMBERING_WORDS = (
    r"Story|Stories|Myths?|News|Questions?|Answers?|Part|Photo|Image|Img|Picture|Pic|Video|Figure|Fig|Page|Chapter|Step|Version|Item|Number|Code"
    r"|Room|Table|Day|Week|Level|Stage|Type|Grade|Class|Group|Batch|Lot|Issue|Volume|Episode|Post|Article"
)
_TOWN = (rf"(?!(?:{_NUMBERING_WORDS})\b)[A-Z][a-z]{{2,}}(?:\s+(?!(?:{_NUMBERING_WORDS})\b)[A-Z][a-z]+)?,?\s+"
         r"(?P<zip>\d{5})\b(?![-.,]?\d)")
_TOWN_ZIPS = (
    re.compile(rf"\b{_TOWN}(?!\s*[a-z%])"),
    re.compile(rf"\b(?:in|to|from|near|at|of)\s+{_TOWN}"),
)

# The words ignore case, the plate or serial itself is in capitals and digits.
_PLATE = re.compile(
    r"\b(?i:licen[cs]e\s+plate|number\s+plate|plate|registration)\s*(?i:number|no\.?|#)?\s*[:#]?\s*"
    r"(?P<number>(?=[A-Z0-9 -]{0,9}\d)(?=[A-Z0-9 -]{0,9}[A-Z])[A-Z0-9]{1,4}[- ]?[A-Z0-9]{2,5})\b",
)
_SERIAL = re.compile(
    r"\b(?i:serial(?:\s+number|\s+no\.?|\s+#)?|s/n|imei|udi|vin|device\s+id)\s*[:#]?\s*"
    r"(?P<number>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{4,})\b",
)

_DOT = r"\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\}|\s+dot\s+|\[\.\]|\(\.\))\s*"
_AT = r"\s*(?:\[\s*at\s*\]|\(\s*at\s*\)|\{\s*at\s*\}|\s+at\s+|\[@\]|\(@\)|@)\s*"
_SPELLED_EMAIL = re.compile(
    rf"\b[a-z0-9][a-z0-9_+-]*(?:(?:{_DOT}|\.)[a-z0-9_+-]+)*{_AT}[a-z0-9-]+(?:(?:{_DOT}|\.)[a-z0-9-]+)*"
    rf"(?:{_DOT}|\.)(?:com|org|net|edu|gov|us|co|uk|io|me|info|biz|ca|mail)\b",
    re.I,
)

_DIGIT_WORD = r"(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|\d)"
_SPELLED_PHONE = re.compile(rf"\b{_DIGIT_WORD}(?:[\s,.()-]+{_DIGIT_WORD}){{6,14}}\b", re.I)
_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

_DISGUISED_IP = re.compile(
    r"(?<![\d.])\d{1,3}(?:\s*(?:\[\.\]|\(\.\)|\[dot\]|\(dot\)|\s+dot\s+)\s*\d{1,3}){3}(?!\d|\.\d)", re.I
)

# One person's page on a site that gives each member an address, written
# with or without https://.
_MEMBER_PAGES = {
    "github.com": r"/[^/?#]+/?$", "gitlab.com": r"/[^/?#]+/?$", "t.me": r"/[^/?#]+", "telegram.me": r"/[^/?#]+",
    "wa.me": r"/\d+", "medium.com": r"/@", "about.me": r"/[^/?#]+", "linktr.ee": r"/[^/?#]+",
    "venmo.com": r"/(?:u/)?[^/?#]+", "paypal.me": r"/[^/?#]+", "cash.app": r"/\$", "patreon.com": r"/[^/?#]+/?$",
    "twitch.tv": r"/[^/?#]+/?$", "vk.com": r"/[^/?#]+/?$", "soundcloud.com": r"/[^/?#]+/?$",
    "flickr.com": r"/(?:photos|people)/", "quora.com": r"/profile/", "strava.com": r"/athletes/",
    "goodreads.com": r"/user/", "keybase.io": r"/[^/?#]+", "signal.me": r"", "discord.com": r"/users/",
    "mastodon.social": r"/@", "gofundme.com": r"/f/", "myspace.com": r"/[^/?#]+/?$", "weibo.com": r"/[^/?#]+",
}
_PERSONAL_SUBDOMAINS = ("substack.com", "tumblr.com", "blogspot.com", "wordpress.com", "carrd.co", "github.io")
_BARE_ADDRESS = re.compile(r"(?<![\w@/.-])(?:https?://)?(?:www\.)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/[^\s<>\"')\]]*)?", re.I)
_HANDLE = re.compile(r"(?<![\w.@/])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_])(?![\w@]|\.[A-Za-z])")


def member_page(url):
    """True when `url` (with or without a scheme) is one member's page on a site
    that gives each member an address: github.com/name, t.me/name, name.substack.com."""
    parts = urlsplit(url if "://" in url else "https://" + url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path or "/"
    if host in _MEMBER_PAGES:
        return path != "/" and re.match(_MEMBER_PAGES[host], path) is not None
    return any(host.endswith("." + domain) and host.count(".") == domain.count(".") + 1
               for domain in _PERSONAL_SUBDOMAINS) or _PERSONAL_PATH.match(path) is not None


def _more_ages(searched):
    if "age" not in searched.clues and not searched.may_hold(("ninety", "hundred")):
        return
    for pattern in _MORE_AGES:
        for match in pattern.finditer(searched.text):
            yield Found(AGE, match.group(), match.start())


def _more_dates(searched):
    text = searched.text
    if "year" not in searched.clues:
        return
    if searched.may_hold(("born", "b.")):
        for match in _BIRTH_YEAR.finditer(text):
            yield Found(DATE, match.group(), match.start(), None, event=True)
    if searched.may_hold(_EVENT_WORDS):
        for match in _EVENT_MONTHS.finditer(text):
            yield Found(DATE, match.group("date"), match.start("date"), None, event=True)


def _lower_streets(searched):
    if "house number" not in searched.clues or not searched.may_hold(_LOWER_STREET_WORDS):
        return
    for match in _LOWER_STREET.finditer(searched.text):
        yield Found(ADDRESS, match.group(), match.start())


def _town_zips(searched):
    if "five digits" not in searched.clues:
        return
    for pattern in _TOWN_ZIPS:
        for match in pattern.finditer(searched.text):
            # No ZIP code starts with 000 to 004: "00003" is a count.
            if match.group("zip")[:3] >= "005":
                yield Found(ZIP, match.group("zip"), match.start("zip"), match.group("zip"))


def _plates_and_serials(searched):
    if "digit" not in searched.clues:
        return
    if searched.may_hold(("plate", "registration")):
        for match in _PLATE.finditer(searched.text):
            yield Found(VEHICLE, match.group(), match.start())
    if searched.may_hold(("serial", "s/n", "imei", "udi", "vin", "device id")):
        for match in _SERIAL.finditer(searched.text):
            yield Found(DEVICE, match.group(), match.start())


def _disguised_contacts(searched):
    text = searched.text
    if searched.may_hold((" dot ", "[dot]", "(dot)", "[at]", "(at)", "[@]", "{at}", "{dot}", "[.]", "(.)")):
        for match in _SPELLED_EMAIL.finditer(text):
            written = match.group()
            if "@" not in written or re.search(_DOT, written, re.I):
                yield Found(EMAIL, written, match.start(), written.lower())
        for match in _DISGUISED_IP.finditer(text):
            octets = re.findall(r"\d+", match.group())
            if all(int(octet) <= 255 for octet in octets):
                yield Found(IP, match.group(), match.start())
    if searched.may_hold(_DIGIT_WORDS):
        for match in _SPELLED_PHONE.finditer(text):
            written = match.group()
            # Seven digits at least, most of them words: "5551234567" alone is libphonenumber's.
            digits = re.findall(_DIGIT_WORD, written, re.I)
            if len(digits) >= 7 and sum(not digit.isdigit() for digit in digits) >= 4:
                yield Found(PHONE, written, match.start())


def _member_pages(searched):
    text = searched.text
    if "." in text and "/" in text or any(domain in searched.lower for domain in _PERSONAL_SUBDOMAINS):
        for match in _BARE_ADDRESS.finditer(text):
            address = match.group().rstrip(".,;:")
            if member_page(address) or profile_url(address if "://" in address else "https://" + address):
                yield Found(PROFILE, address, match.start(), address)
    if "@" in text:
        for match in _HANDLE.finditer(text):
            yield Found(PROFILE, match.group(), match.start(), match.group())
