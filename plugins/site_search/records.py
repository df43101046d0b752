"""What the search index holds: one record per published article and page."""

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Record:
    """One search result: the file it is saved as, its title and words, its kind."""

    save_as: str
    title: str
    lead: tuple
    body: str
    kind: str | None

    def document(self, language):
        """The record as a small HTML document for Pagefind to index.

        Summaries are HTML (Markdown made them); titles, claims and questions
        are header text, escaped as templates escape them. The kind is metadata written in the head, so it is not indexed
        as a word of the article; the search page filters results by it.
        Not a Pagefind filter: Pagefind 1.5.2 writes filter files in a
        different order on every run, and publishes must be byte-identical.
        """
        kind = f'<meta data-pagefind-meta="kind[content]" content="{escape(self.kind)}">' if self.kind else ""
        lead = "\n".join(f"<p>{part}</p>" for part in self.lead)
        return (
            f'<!doctype html>\n<html lang="{escape(language)}"><head><meta charset="utf-8">'
            f"<title>{escape(self.title)}</title>{kind}</head>\n"
            f"<body><h1>{escape(self.title)}</h1>\n{lead}\n{self.body}\n</body></html>\n"
        )


def searchable(item):
    """False for a story whose patient did not consent to the web; pages have no channels."""
    return "web" in getattr(item, "channels", ("web",))


def record(item):
    """The record for one article or page; articles carry their kind."""
    kind = getattr(item, "kind", None)
    return Record(
        save_as=item.save_as,
        title=item.headline,
        lead=lead(item),
        body=item.content,
        kind=kind.category if kind else None,
    )


def lead(item):
    """What the page shows before its body, in its order, as HTML paragraphs' contents (header text escaped).

    The summary, then a myth's claim, labelled as the myth with its verdict
    beside it as on the page (a result must never show the claim as if it
    were true), or a patient's question.
    """
    parts = [item.summary]
    claim = getattr(item, "claim", "")
    if claim:
        parts.append(f"Myth: {escape(claim)}")
        parts.append(f"Verdict: {escape(item.verdict.label)}")
    parts.append(escape(getattr(item, "question", "")))
    return tuple(part for part in parts if part)


def collect(articles, pages):
    """Records for published articles, then pages (Pelican's lists hold no drafts
    or hidden content), in the order given."""
    return [record(item) for item in [*articles, *pages] if searchable(item)]
