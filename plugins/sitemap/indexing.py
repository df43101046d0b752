"""Which written pages search engines may index, and so the sitemap lists."""

import fnmatch
from pathlib import Path

import lxml.html


def shows_published_content(context):
    """False on the page of a draft or hidden article or page, or of one kept off the web.

    Pelican writes drafts and hidden content to output/ too; they are meant
    to be reachable by their link only, never listed or indexed.
    """
    content = context.get("article") or context.get("page")
    if content is None:
        return True
    if getattr(content, "status", "published") != "published":
        return False
    return "web" in getattr(content, "channels", ("web",))


def excluded(output_file, patterns):
    """True when the file matches one of the SITEMAP_EXCLUDE patterns."""
    path = str(output_file).replace("\\", "/")
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)


def says_noindex(path):
    """True when a written page asks robots not to index it (e.g. the search page)."""
    head = Path(path).read_text(encoding="utf-8").partition("</head>")[0]
    if "robots" not in head:
        return False
    document = lxml.html.document_fromstring(head + "</head><body></body>")
    for meta in document.iter("meta"):
        if (meta.get("name") or "").strip().lower() == "robots":
            if "noindex" in (meta.get("content") or "").lower():
                return True
    return False
