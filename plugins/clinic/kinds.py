"""The kinds of article the clinic publishes, and the vocabularies they use."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Kind:
    """One kind of article: which category holds it and what it must carry."""

    key: str
    category: str
    label: str
    badge: str
    folder: str
    required: tuple[str, ...]
    needs_source_link: bool
    optional: tuple[str, ...] = ()
    # Fields added after publication, so `make new` does not write them.
    later: tuple[str, ...] = ()


COMMON_REQUIRED = ("title", "date", "category", "authors", "summary", "reviewed_by", "reviewed_on")
# Header fields any article may carry; `make new` and docs/WRITING.md list them.
COMMON_OPTIONAL = ("slug", "tags", "modified", "updates", "next_review", "status", "lang", "phi_cleared",
                   "phi_cleared_by")
# Header fields that name files below content/ (comma lists allowed).
MEDIA_FIELDS = ("image", "photo", "attachments")
# Pelican's own header fields that the clinic's pages use.
PELICAN_FIELDS = ("template", "url", "save_as")

KINDS = (
    # A myth's label and badge sit just above its headline, the fact: "Myth"
    # there would read as if the fact were the myth.
    Kind("myth", "Myths", "Fact check", "FACT CHECK", "myths", ("fact", "claim", "verdict"), True,
         ("appearance", "claim_author", "claim_date")),
    Kind("news", "News", "News", "NEWS", "news", (), True, ("source_url",)),
    Kind(
        "story",
        "Patient Stories",
        "Patient story",
        "PATIENT STORY",
        "stories",
        ("consent", "consent_date", "consent_expires", "consent_scope"),
        False,
        ("results_typical", "typical_results", "photo_consent"),
        ("consent_withdrawn",),
    ),
    Kind("question", "Questions", "Patient question", "ASK A CLINICIAN", "questions", ("question",), False),
)

BY_CATEGORY = {kind.category: kind for kind in KINDS}
# Every header field an article or page may have, as the guide writes it; any
# other key is a typing slip ("Reviwed_by") that would otherwise vanish.
HEADER_FIELDS = tuple(dict.fromkeys(
    name.capitalize() if name not in ("url",) else "URL"
    for name in (COMMON_REQUIRED + COMMON_OPTIONAL + MEDIA_FIELDS + PELICAN_FIELDS
                 + tuple(field for kind in KINDS for field in kind.required + kind.optional + kind.later))
))
BY_KEY = {kind.key: kind for kind in KINDS}
BY_FOLDER = {kind.folder: kind for kind in KINDS}


@dataclass(frozen=True)
class Verdict:
    """A myth's verdict: the words shown to readers and a slug for styling."""

    label: str
    slug: str


VERDICTS = {
    label.lower(): Verdict(label, label.lower().replace(" ", "-"))
    for label in ("False", "Misleading", "Partly true", "True", "Unproven")
}

CLAIM_MAX_CHARS = 75
# Who made a claim is a name (a person's, a group's, a publication's), not a story.
CLAIM_AUTHOR_MAX_CHARS = 100
# A myth's fact is its headline everywhere, so it must fit where titles fit:
# social networks cut link-preview titles at about this many characters.
FACT_MAX_CHARS = 70

# Where an article may appear. Articles other than stories may appear
# everywhere; a story only where its patient's consent allows.
CHANNELS = ("web", "social", "feeds")


@dataclass(frozen=True)
class Consent:
    """A patient story's consent record, as referenced in its header."""

    record: str
    date: datetime
    expires: datetime
    scope: frozenset
