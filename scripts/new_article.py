"""Start a new article: `make new KIND=news TITLE="Walk-in flu shots start Monday"`,
or for a myth `make new KIND=myth FACT="Colds come from viruses, not from cold weather"`.

Writes content/<kind folder>/<slug>.md with every header field of the kind
(from clinic.kinds), today's date in the clinic's time zone, and an example
body showing the kind's sections (from scripts/article_bodies/<kind>.md). The
slug is the file name and so the web address: made from the title, or for a
myth from its fact, because an address is shared as a link and one made from
the myth ("/myths/vaccines-cause-autism/") would repeat the myth wherever it
is posted. Whatever the writer must fill in is a
placeholder in [[double brackets]]; the build refuses to publish the article
until every one is replaced. It starts with `Status: draft`, so it is not
published before the writer says it is ready. An existing file is never
overwritten.
"""

import argparse
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
BODIES = Path(__file__).resolve().parent / "article_bodies"
sys.path.insert(0, str(ROOT / "plugins"))

from pelican.settings import read_settings  # noqa: E402
from pelican.utils import slugify  # noqa: E402

from checks.titles import MAX_CHARS as TITLE_MAX_CHARS  # noqa: E402
from clinic import kinds, suggest  # noqa: E402

# Header lines every new article starts with, before the required ones. Tags
# link related articles. (No Slug line: the web address comes from the file
# name, which is made from the title or a myth's fact, and stays when either
# is reworded.)
# A new article starts as a draft: previewed at drafts/, never published until
# the writer changes the line to "Status: published" (or deletes it).
LEADING = ("title", "date", "status", "category", "tags")

# What the writer is asked for, field by field, written as a placeholder in
# [[double brackets]] (plugins/content_model/placeholders.py), so a forgotten
# one stops the publish.
ASK = {
    "tags": "Two or three topics, separated by commas, like: colds, winter",
    "authors": "Your name, exactly as in content/clinicians.yml",
    "summary": "One or two plain sentences for listings and link previews",
    "reviewed_by": "The clinician who checked this article, not one of its authors",
    "reviewed_on": "The date the reviewer approved it, as YYYY-MM-DD",
    "fact": "The true statement, as a headline of at most {fact_max} characters: readers see it first, everywhere",
    "claim": "The myth in the words people use, at most {claim_max} characters",
    "appearance": "The address of a page where the myth is going round, starting with https:// (or delete this line)",
    "claim_author": "Who made the claim, as they are named in public (or delete this line)",
    "claim_date": "When the claim was made or first seen, as YYYY-MM-DD (or delete this line)",
    "verdict": "One of: {verdicts}",
    "question": "The patient's question, as they asked it",
    "consent": "The id of the signed consent record, like CR-2026-014",
    "consent_date": "The date the patient signed, as YYYY-MM-DD",
    "consent_expires": "The expiry date written on the signed form, as YYYY-MM-DD",
    "consent_scope": "Where the patient agreed it may appear, any of: {channels}",
    "source_url": "The address of the original report, starting with https:// (or delete this line)",
    "results_typical": "Are this patient's results what most people get? Write yes or no",
    "typical_results": "What results most people can expect (needed when Results_typical is no, else delete this line)",
    "photo_consent": "Write yes if the patient signed consent for photos of them, or delete this line if there are none",
}
# For a field added to clinic.kinds before it has its own line above.
ASK_ANY = "A value for {field} (see docs/WRITING.md), or delete this line"


class Refused(Exception):
    """The article cannot be written; the message says why and what to do."""


def header_fields(kind):
    """The header keys of a new article of `kind`, in the order they are written."""
    fields = list(LEADING)
    for field in kinds.COMMON_REQUIRED + kind.required + kind.optional:
        if field not in fields:
            fields.append(field)
    return fields


def header_value(field, title, kind, today, fact=""):
    """The text after "Key: " for one field: known facts, else a placeholder."""
    known = {"title": title, "category": kind.category, "date": today.isoformat(), "status": "draft",
             "fact": fact}
    known = {key: value for key, value in known.items() if value}
    if field in known:
        return known[field]
    question = ASK.get(field, ASK_ANY).format(
        field=field.capitalize(),
        claim_max=kinds.CLAIM_MAX_CHARS,
        fact_max=kinds.FACT_MAX_CHARS,
        verdicts=", ".join(verdict.label for verdict in kinds.VERDICTS.values()),
        channels=", ".join(kinds.CHANNELS),
    )
    return f"[[{question}]]"


def render(kind, title, today, emergency_number, fact=""):
    """The whole text of the new article."""
    header = "\n".join(
        f"{field.capitalize()}: {header_value(field, title, kind, today, fact)}"
        for field in header_fields(kind)
    )
    body = (BODIES / f"{kind.key}.md").read_text(encoding="utf-8")
    return header + "\n\n" + body.replace("{EMERGENCY_NUMBER}", emergency_number)


def choose_kind(key):
    """The kind called `key`, or Refused naming the kinds there are."""
    choices = ", ".join(kind.key for kind in kinds.KINDS)
    if not key:
        raise Refused(f"Say which kind of article: KIND={choices}.")
    kind = kinds.BY_KEY.get(key.strip().lower())
    if kind is None:
        nearest = suggest.nearest(key, list(kinds.BY_KEY))
        hint = f'did you mean KIND={nearest}?' if nearest else f"use KIND= one of: {choices}"
        raise Refused(f'"{key}" is not a kind of article — {hint}')
    return kind


def slug_for(title, settings):
    """The slug Pelican would make from `title` (or a fact), or Refused when there is none."""
    slug = slugify(title, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])
    if not slug:
        raise Refused(f'"{title}" has no letters or digits to make a file name from.')
    return slug


def shown(path):
    """A path as the writer should read it: relative to here when it is below."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def write_new(path, text):
    """Create `path` with `text`; Refused when the file already exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise Refused(
            f"{shown(path)} already exists, so nothing was written. "
            "Edit that file, or choose a different title."
        ) from None


def create(kind_key, title, content, settings, fact=""):
    """Write the new article; return its path, kind and title.

    A myth is named by its fact (FACT=), which is also its title unless
    TITLE= gives another; other kinds by their title.
    """
    kind = choose_kind(kind_key)
    title = " ".join((title or "").split())
    fact = " ".join((fact or "").split())
    if kind.key == "myth":
        if not fact:
            raise Refused('Give the fact the myth is checked against: make new KIND=myth '
                          'FACT="Colds come from viruses, not from cold weather". It is the headline '
                          "and the web address, so the address never repeats the myth.")
        title = title or fact
        slug = slug_for(fact, settings)
    else:
        if fact:
            raise Refused(f"FACT= is only for myths: leave it out for a {kind.label.lower()}.")
        if not title:
            raise Refused(f'Give the title too: make new KIND={kind.key} TITLE="Your title here"')
        slug = slug_for(title, settings)
    today = datetime.now(ZoneInfo(settings["TIMEZONE"])).date()
    path = Path(content) / kind.folder / f"{slug}.md"
    write_new(path, render(kind, title, today, str(settings.get("EMERGENCY_NUMBER", "911")), fact))
    return path, kind, title


def main(argv=None):
    """Command line: write the article, or explain on stderr why not (exit 1)."""
    parser = argparse.ArgumentParser(description="Start a new article from the template of its kind.")
    parser.add_argument("--kind", default="", help="myth, news, story or question")
    parser.add_argument("--title", default="", help="the article's title")
    parser.add_argument("--fact", default="", help="a myth's fact: its headline and its address")
    parser.add_argument("--content", type=Path, help="the content folder (default: PATH in the settings)")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    args = parser.parse_args(argv)

    settings = read_settings(str(args.settings))
    content = args.content or Path(settings["PATH"])
    try:
        path, kind, title = create(args.kind, args.title, content, settings, args.fact)
    except Refused as refusal:
        print(refusal, file=sys.stderr)
        return 1
    print(f"Wrote {shown(path)} (a new {kind.label.lower()}).")
    print("Next: open it and replace every [[...]] placeholder with your own text.")
    print("Preview it with `make devserver`; check it with `make check` (see docs/WRITING.md).")
    if len(title) > TITLE_MAX_CHARS:
        print(f"Note: the title is {len(title)} characters long; link previews cut it after about {TITLE_MAX_CHARS}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
