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


COMMON_REQUIRED = ("title", "date", "category", "authors", "summary", "reviewed_by", "reviewed_on")
# Header fields any article may carry; `make new` and docs/WRITING.md list them.
COMMON_OPTIONAL = ("slug", "tags", "modified", "updates", "next_review", "status", "lang", "phi_cleared",
                   "phi_cleared_by")

KINDS = (
    Kind("myth", "Myths", "Myth", "MYTH", "myths", ("claim", "verdict"), True),
    Kind("news", "News", "News", "NEWS", "news", (), True, ("source_url",)),
    Kind(
        "story",
        "Patient Stories",
        "Patient story",
        "PATIENT STORY",
        "stories",
        ("consent", "consent_date", "consent_expires", "consent_scope"),
        False,
        ("results_typical", "typical_results", "photo_consent", "consent_withdrawn"),
    ),
    Kind("question", "Questions", "Patient question", "ASK A CLINICIAN", "questions", ("question",), False),
)

BY_CATEGORY = {kind.category: kind for kind in KINDS}
BY_KEY = {kind.key: kind for kind in KINDS}


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
    # The day the patient withdrew consent (Consent_withdrawn), or None.
    withdrawn: datetime | None = None
