"""Check that every internal link of a built site points at something that exists.

Read from the built files, the way a browser, a feed reader or a search
engine meets them:

- HTML pages: links, #anchors, images and srcset, stylesheets, scripts,
  link-preview meta tags (og:image, twitter:image), URLs in JSON-LD, and
  url(...) in <style>;
- feeds and the sitemap (any .xml): href/url/src attributes, <loc>, <link>,
  <url>, <uri>, <icon>, <logo>, permalink guids, the xml-stylesheet, and the
  links inside each entry's HTML content;
- JSON (a JSON Feed, a web manifest): its URLs, and links in content_html;
- stylesheets: url(...) and @import; robots.txt: its Sitemap lines.
XSLT (.xsl) and SVG files are not read: their attributes are templates and
in-document references, not links to files.

A link is internal when it is relative, root-relative, or absolute on the
site's own address (SITEURL, which is absolute in production: such URLs are
mapped back to files of the tree). External links are never fetched.

Each broken link reads `page: link: what is wrong — how to fix`.
"""

import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree
import lxml.html

from . import interrupts

# The address given to the tree when the site's own is relative ("" in
# pelicanconf.py): it only serves to resolve links, and is never shown.
PLACEHOLDER_SITE = "http://site.invalid"
HTML_LINKS = {
    "a": ("href",), "area": ("href",), "link": ("href",), "form": ("action",),
    "img": ("src", "srcset"), "source": ("src", "srcset"), "video": ("src", "poster"),
    "audio": ("src",), "track": ("src",), "script": ("src",), "iframe": ("src",),
    "embed": ("src",), "object": ("data",),
}
IMAGE_TAGS = {"img", "source", "video"}
META_LINKS = {
    "og:image", "og:image:url", "og:image:secure_url", "og:url", "og:audio", "og:video",
    "twitter:image", "twitter:image:src",
}
JSON_LINK_KEYS = {"url", "src", "href", "start_url", "image", "icon", "logo", "favicon"}
JSON_HTML_KEYS = {"content_html", "summary"}
XML_LINK_ATTRIBUTES = {"href", "url", "src"}
XML_LINK_TEXTS = {"loc", "link", "url", "uri", "icon", "logo", "comments"}
XML_HTML_TEXTS = {"content", "summary", "description", "encoded", "subtitle"}
ATOM = "http://www.w3.org/2005/Atom"
MEDIA_RSS = "http://search.yahoo.com/mrss/"
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
TOP_OF_PAGE = {"", "top"}  # browsers scroll to the top for these, no element needed
GENERATED = "a template or plugin writes this link, not an article: tell the site's maintainer"
UNREADABLE = "the template or plugin that writes this file is at fault: tell the site's maintainer"


@dataclass(frozen=True, order=True)
class BrokenLink:
    """One link that points at nothing: where it is, what is wrong, how to fix it,
    and the site path it leads to ("" when the whole file is unreadable)."""

    page: str
    link: str
    problem: str
    fix: str
    target: str = ""

    def __str__(self):
        return f"{self.page}: {self.link}: {self.problem} — {self.fix}"


@dataclass(frozen=True)
class Link:
    """A link as written in a file; whether it should reach an image; whether a
    template or plugin wrote it (link-preview tags, JSON-LD) rather than a writer."""

    url: str
    image: bool = False
    generated: bool = False


@dataclass
class Report:
    """The outcome of a check: broken links, and how much was checked."""

    broken: list = field(default_factory=list)
    files: int = 0
    links: int = 0

    def __str__(self):
        return (
            f"Checked {self.links} internal links in {self.files} files: "
            f"{len(self.broken) or 'none'} broken."
        )


class Site:
    """A built site on disk, addressed by URL."""

    def __init__(self, root, site_url=""):
        self.root = Path(root)
        self.base = (site_url or PLACEHOLDER_SITE).rstrip("/") + "/"
        parts = urlsplit(self.base)
        self.host = parts.netloc.lower()
        self.base_path = parts.path
        self.anchors = {}

    def url_of(self, path):
        """The URL a file of the tree is served at."""
        return self.base + path.relative_to(self.root).as_posix()

    def is_internal(self, url):
        """True for an absolute URL on this site."""
        parts = urlsplit(url)
        return (
            parts.scheme in ("http", "https")
            and parts.netloc.lower() == self.host
            and (parts.path + "/").startswith(self.base_path)
        )

    def site_path(self, url):
        """The path of an internal URL below the site's address, e.g. "myths/"."""
        relative = unquote(urlsplit(url).path)[len(self.base_path):]
        clean = posixpath.normpath("/" + relative).lstrip("/")
        return clean + "/" if relative.endswith("/") and clean else clean

    def file_for(self, url):
        """The file that serves an internal URL, or None; a folder serves its index.html."""
        relative = self.site_path(url)
        candidate = self.root / relative
        if not relative or relative.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None


def read_html(data):
    """Parse HTML bytes as UTF-8, as Pelican writes them."""
    return lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(encoding="utf-8"))


def html_fragment(text):
    """Parse a piece of HTML (a feed entry's content) under one wrapper element."""
    return lxml.html.fragment_fromstring(text, create_parent="div")


def srcset_urls(value):
    """The URLs of a srcset attribute ("a.png 1x, b.png 2x")."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def html_links(document):
    """Every link of an HTML document or fragment."""
    for element in document.iter(tuple(HTML_LINKS)):
        for attribute in HTML_LINKS[element.tag]:
            value = element.get(attribute)
            if value is None:
                continue
            if attribute == "srcset":
                yield from (Link(url, image=True) for url in srcset_urls(value))
            else:
                yield Link(value, image=element.tag in IMAGE_TAGS)
    for meta in document.iter("meta"):
        kind = (meta.get("property") or meta.get("name") or "").lower()
        if kind in META_LINKS:
            yield Link(meta.get("content") or "", image="image" in kind, generated=True)
    for script in document.iter("script"):
        if script.get("type") == "application/ld+json" and script.text:
            for link in json_links(json.loads(script.text)):
                yield Link(link.url, link.image, generated=True)
    for style in document.iter("style"):
        yield from css_links(style.text or "")


def json_links(value, key=None):
    """The links of a JSON value: absolute URLs anywhere, relative ones under link keys.

    JSON-LD node names (@id and other @ keys) are identifiers, not links.
    """
    if isinstance(value, dict):
        for name, item in value.items():
            if name.startswith("@"):
                continue
            if name in JSON_HTML_KEYS and isinstance(item, str) and "<" in item:
                yield from html_links(html_fragment(item))
            else:
                yield from json_links(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from json_links(item, key)
    elif isinstance(value, str) and (value.startswith(("http://", "https://")) or key in JSON_LINK_KEYS):
        yield Link(value, image=key in ("image", "icon", "logo", "favicon"))


def css_links(text):
    """The url(...) and @import targets of a stylesheet."""
    for match in CSS_URL.finditer(text):
        yield Link(match.group(2) or match.group(4))


def xml_links(tree):
    """Every link of a feed, sitemap or other XML document."""
    for instruction in tree.xpath("/processing-instruction('xml-stylesheet')"):
        yield Link(instruction.get("href") or "")
    for element in tree.iter(tag=lxml.etree.Element):
        name = lxml.etree.QName(element).localname
        for attribute, value in element.attrib.items():
            if lxml.etree.QName(attribute).localname in XML_LINK_ATTRIBUTES:
                yield Link(value, image=(element.get("type") or "").startswith("image/"))
        text = (element.text or "").strip()
        if not text:
            continue
        if name in XML_LINK_TEXTS or (name == "guid" and element.get("isPermaLink") != "false"):
            yield Link(text)
        elif name in XML_HTML_TEXTS and "<" in text and holds_html(element):
            yield from html_links(html_fragment(text))


def holds_html(element):
    """True when an element's text is HTML: an Atom or Media RSS element says so
    in its type (text by default); RSS descriptions and content:encoded are HTML."""
    namespace = lxml.etree.QName(element).namespace
    if namespace == ATOM:
        return element.get("type") in ("html", "xhtml")
    if namespace == MEDIA_RSS:
        return element.get("type") == "html"
    return True


def robots_links(text):
    """The Sitemap lines of robots.txt."""
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            yield Link(value.strip())


def read_links(path, site):
    """(links, the URL they resolve against) of one file; HTML also records its anchors."""
    url = site.url_of(path)
    if path.suffix == ".html":
        document = read_html(path.read_bytes())
        site.anchors[path] = set(document.xpath("//@id | //a/@name"))
        base = document.find(".//base[@href]")
        return list(html_links(document)), urljoin(url, base.get("href")) if base is not None else url
    if path.suffix == ".xml":
        return list(xml_links(lxml.etree.parse(str(path)))), url
    if path.suffix in (".json", ".webmanifest"):
        return list(json_links(json.loads(path.read_text(encoding="utf-8")))), url
    if path.suffix == ".css":
        return list(css_links(path.read_text(encoding="utf-8"))), url
    if path.name == "robots.txt":
        return list(robots_links(path.read_text(encoding="utf-8"))), url
    return [], url


def files_with_links(root):
    """The files whose links are checked, in a stable order."""
    return sorted(
        path for path in Path(root).rglob("*")
        if path.suffix in (".html", ".xml", ".json", ".webmanifest", ".css")
        or path.name == "robots.txt"
    )


def problem_with(site, page, link, target_url):
    """(what is wrong, how to fix) for one internal link, or None when it works."""
    generated = link.generated or not page.endswith(".html")
    target = site.file_for(target_url)
    where = site.site_path(target_url) or "/"
    if target is None and link.image:
        return (
            f"no image at {where} in the built site",
            GENERATED if generated else
            "put the image in content/images/ and use that path, or correct the path",
        )
    if target is None:
        return (
            f"no page or file at {where} in the built site",
            GENERATED if generated else
            "correct the link in the article or page that has it; to link to another article "
            "write {filename}/folder/file.md, which Pelican keeps right when that article moves",
        )
    fragment = unquote(urlsplit(target_url).fragment)
    if target.suffix == ".html" and fragment not in TOP_OF_PAGE and fragment not in site.anchors.get(target, ()):
        return (
            f'{where} has no section with the id "{fragment}"',
            GENERATED if generated else
            f'link to a heading that exists (copy the link from its # mark on that page), or remove "#{fragment}"',
        )
    return None


def check(root, site_url=""):
    """Check every internal link of the site built in `root`; return the Report.

    `site_url` is the SITEURL the site was built with; absolute links on it
    are looked up in `root`.
    """
    interrupts.pause_point("linkcheck")
    site = Site(root, site_url)
    report = Report()
    found = []
    for path in files_with_links(site.root):
        page = path.relative_to(site.root).as_posix()
        try:
            found.append((page, *read_links(path, site)))
        except (ValueError, lxml.etree.LxmlError) as error:
            # An empty or cut-short file: some build step did not finish writing it.
            report.broken.append(BrokenLink(page, "(the whole file)", f"cannot be read ({error})", UNREADABLE))
    report.files = len(found)
    broken = set()
    for page, links, base in found:
        for link in links:
            target_url = urljoin(base, link.url.strip())
            if not site.is_internal(target_url):
                continue
            report.links += 1
            problem = problem_with(site, page, link, target_url)
            if problem:
                broken.add(BrokenLink(page, link.url, *problem, target=site.site_path(target_url)))
    report.broken = sorted(broken.union(report.broken))
    return report
