"""What every plugin of the clinic blog may share: the one shared module.

- `clinic.kinds`: the four kinds of article, their categories and fields.
- `clinic.clinicians`: the clinician registry read from content/clinicians.yml.
- `clinic.dates`: parsing and formatting the dates in article headers.
- `clinic.problems`: the build's list of problems, in the clinicians' format.
- `clinic.suggest`: "did you mean …?", the known value nearest a mistyped one.
- `clinic.articles`: small helpers over Pelican's article objects.
- `clinic.progress`: progress lines for long steps, on terminals only.
- `clinic.kept_results`: results a step keeps between builds (feeds, privacy).
- `clinic.text`: article HTML as one line of text, the one way every plugin (and the
  templates' `clinic_text` filter) turns HTML into words.

The content_model plugin fills in these attributes on every published
article, once, before any other plugin or template reads them:

    kind               clinic.kinds.Kind (pages have kind None)
    headline           the title every surface shows (h1, <title>, previews, feeds,
                       JSON-LD, search, share card and share links): a myth's
                       fact, else the title. Pages get it too (their title)
    author_clinicians  [Clinician], in header order
    reviewer           Clinician or None
    reviewed_on        aware datetime or None
    next_review        aware datetime or None (reviewed_on + REVIEW_INTERVAL)
    review_overdue     True when next_review was before the day of the build
    updated            aware datetime: the latest of date, modified, reviewed_on
    update_history     [(aware datetime, str)] from the `updates` header
    file_slug          slug of the file name; unlike `slug` it survives title edits
    channels           frozenset of "web", "social", "feeds": where it may appear
    sources            [(text, url)] external links of the body, in order
    word_count, reading_minutes
    toc                [Heading(level, id, text)]: h2 sections for "On this page",
                       empty unless the article is long (TOC_MIN_WORDS, TOC_MIN_SECTIONS)
    fact, claim, verdict  (myth) verdict is a clinic.kinds.Verdict; the claim is
                       only ever shown labelled as the myth, never as a title
    appearance         (myth, optional) where the claim circulates: an https:// address, or ""
    claim_author       (myth, optional) who made the claim, as written, or ""
    claim_date         (myth, optional) when the claim was made or first seen: aware datetime, or None
    source_url         (news, optional)
    question           (question)
    consent            (story) clinic.kinds.Consent
    results_typical    (story) True, False or None; typical_results: str
    photo_consent      (story) True, False or None, from `photo_consent: yes/no`
    phi_cleared        tuple of the found texts a clinician who is not an author checked
                       (Phi_cleared, as written; checked by Phi_cleared_by); () when none
    phi_clearer        Clinician or None: who checked them
    media              [(field, path)] files named in the image, photo, attachments headers
    source_lines       {header key: line number} for messages

The images plugin then gives each article and page, once withdrawals are done,

    images             [images.publishing.Published]: each picture the body shows or links
                       to (field "body"), in order, then each the header names ("image",
                       "photo"), with `source` (path below content/), `original_name` (the
                       uploaded file name, which is never published: for the privacy
                       checks), `line`, `alt`, `decorative` and `files` (what is published)

and each clinician `portrait` (a Published, or None).

Once the article list is final (after withdrawals), published articles also get
`related`, `previous_in_category` and `next_in_category` (content_model/related.py).

Plugins exchange everything else through article attributes and settings.
"""
