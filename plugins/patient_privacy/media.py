"""Files an article names: they must stay below content/, and a withdrawn
story's own images must not be published.

Header fields (image, photo, attachments; the content model lists them in
`article.media`) and {static}/{attach}/{filename} links in the body may not
point outside content/: Pelican would copy such a file into the site. And
Pelican's static generator copies all of content/images/ whatever uses it,
so the photos of a story withdrawn for lack of consent would be published
without it: `unpublished_files` finds them so they can be left out.
"""

import posixpath
import re
from urllib.parse import unquote, urljoin, urlsplit

from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator

from clinic import articles

# Pelican's link prefixes: {static}path and the older |static|path.
_PREFIX = re.compile(r"^(?:\{(?:static|attach|filename)\}|\|(?:static|attach|filename)\|)")
_PREFIXES = tuple(f"{start}{name}{end}" for name in ("static", "attach", "filename") for start, end in ("{}", "||"))
_LINKED = re.compile(r"""<[a-z]+\b[^>]*?\s(?:src|href)=(?P<quote>["'])(?P<url>[^"']*)(?P=quote)""", re.I)
_IMAGE = re.compile(r"""<img\b[^>]*?\ssrc=(?P<quote>["'])(?P<url>[^"']*)(?P=quote)""", re.I)
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")

ARTICLE_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations")
PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages", "draft_translations")
IMAGE_FIELDS = ("image", "photo")
# A link to one of these is a link to a picture, which a photo consent covers.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".heic", ".heif", ".tif", ".tiff", ".bmp")
_HREF = re.compile(r"""<a\b[^>]*?\shref=(?P<quote>["'])(?P<url>[^"']*)(?P=quote)""", re.I)


def check_paths(article, source):
    """Report every file path that leaves content/; True when there was one."""
    failed = False
    for field, value in getattr(article, "media", []):
        problem = _header_path_problem(value)
        if problem:
            articles.report(article, field, f'"{value}" {problem}',
                            "give a path below content/, e.g. images/NAME.jpg")
            failed = True
    for value in _prefixed_links(article):
        if _leaves_content(_resolve_prefixed(value, article)):
            articles.report(article, "link", f'"{value}" leaves content/',
                            "link only to files below content/, e.g. {static}/images/NAME.png",
                            line=source.line_of(value))
            failed = True
    return failed


def shown_image_lines(article, source):
    """Source lines of the images an article shows: header images, then those in the body."""
    lines = [article.source_lines[field] for field, _ in getattr(article, "media", [])
             if field in IMAGE_FIELDS and field in article.source_lines]
    for match in _IMAGE.finditer(article._content or ""):
        lines.append(source.line_of(match.group("url")))
    return lines


def linked_image_lines(article, source, conf):
    """Source lines of the body's links to image files of the site ({static}/… or a plain path)."""
    lines = []
    for match in _HREF.finditer(article._content or ""):
        url = match.group("url")
        path = _resolve_prefixed(url, article) if _PREFIX.match(url) else _site_path(url, article, conf)
        if path and path.lower().endswith(IMAGE_SUFFIXES):
            lines.append(source.line_of(url))
    return lines


def unpublished_files(generators, conf):
    """Static files to leave out: used only by withdrawn articles, or outside content/."""
    articles_generator = _one(generators, ArticlesGenerator)
    pages_generator = _one(generators, PagesGenerator)
    context = articles_generator.context
    published = _listed(articles_generator, ARTICLE_LISTS) + _listed(pages_generator, PAGE_LISTS)
    published_ids = {id(content) for content in published}
    withdrawn = [
        content for content in context.get("generated_content", {}).values()
        if isinstance(content, (Article, Page)) and id(content) not in published_ids
    ]
    kept = set().union(*(_files_used(content, conf) for content in published)) | _site_files(context, conf)
    only_withdrawn = set().union(*(_files_used(content, conf) for content in withdrawn)) - kept
    return [
        static for static in context.get("staticfiles", [])
        if static.relative_source_path in only_withdrawn or _leaves_content(static.relative_source_path)
    ]


def leave_out(files, context):
    """Take static files out of what Pelican will copy and link to."""
    for static in files:
        if static in context.get("staticfiles", []):
            context["staticfiles"].remove(static)
        context.get("static_content", {}).pop(static.relative_source_path, None)


def _header_path_problem(value):
    """Why a header's file path is not allowed, or None."""
    path = _PREFIX.sub("", value.strip()).replace("\\", "/")
    prefixed = path != value.strip().replace("\\", "/")
    if urlsplit(path).scheme in ("http", "https", "ftp", "file", "data") or path.startswith("//"):
        return "is not a file below content/ (the site loads nothing from other hosts)"
    if (path.startswith("/") and not prefixed) or path.startswith("~") or _DRIVE.match(value.strip()):
        return "is an absolute path"
    if ".." in path.split("/"):
        return "leaves content/"
    return None


def _prefixed_links(article):
    """The {static}, {attach} and {filename} link targets in the body, as written."""
    content = article._content or ""
    # Most bodies link to no file at all: a prefix is quicker to look for than every link.
    if not any(prefix in content for prefix in _PREFIXES):
        return []
    return [match.group("url") for match in _LINKED.finditer(content) if _PREFIX.match(match.group("url"))]


def _resolve_prefixed(value, article):
    """A prefixed link's file, relative to content/, the way Pelican resolves it."""
    path = unquote(urlsplit(_PREFIX.sub("", value)).path)
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/"))
    return posixpath.normpath(posixpath.join(article.relative_dir.replace("\\", "/"), path))


def _leaves_content(path):
    path = posixpath.normpath(str(path).replace("\\", "/"))
    return path == ".." or path.startswith("../") or path.startswith("/")


def _files_used(content, conf):
    """Every file below content/ an article or page links to or names in its header."""
    used = {path for _, path in getattr(content, "media", [])}
    used = {posixpath.normpath(_PREFIX.sub("", path).lstrip("/")) for path in used}
    for match in _LINKED.finditer(content._content or ""):
        url = match.group("url")
        if _PREFIX.match(url):
            used.add(_resolve_prefixed(url, content))
        else:
            site_path = _site_path(url, content, conf)
            if site_path:
                used.add(site_path)
    return used


def _site_path(url, content, conf):
    """The file a plain link on this site points at, relative to the site root, or None."""
    siteurl = conf.get("SITEURL", "")
    if siteurl and url.startswith(siteurl):
        url = url[len(siteurl):] or "/"
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return posixpath.normpath(unquote(urljoin("/" + content.url, parts.path)).lstrip("/"))


def _site_files(context, conf):
    """Files the site uses outside articles: clinicians' photos and the clinic's logo."""
    files = {clinician.photo for clinician in context.get("clinicians", []) if clinician.photo}
    logo = (conf.get("CLINIC") or {}).get("logo")
    return files | ({logo} if logo else set())


def _listed(generator, names):
    return [content for name in names for content in getattr(generator, name, [])]


def _one(generators, kind):
    return next(generator for generator in generators if isinstance(generator, kind))
