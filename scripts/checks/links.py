"""Broken internal links and images, and source addresses that are malformed.

Each article's and page's body is read as Pelican rendered it ({filename} and
{static} links already resolved) and every internal link is looked up in the
built output: the page must exist, and so must a #section it names. External
addresses are checked for form only, with the `validators` library: nothing
is fetched, so the check works offline.
"""

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import validators
from bs4 import BeautifulSoup

from clinic.problems import ERROR, Problem, display_path


_WEB = ("http", "https")
_UNRESOLVED = ("{filename}", "{static}", "{attach}", "|filename|", "|static|")
_NOT_PAGES = ("mailto", "tel", "sms", "data")
# A link written without https:// looks like a file path to a browser; these
# endings show that a web address was meant ("www.cdc.gov/flu", "nhs.uk/...").
_WEB_ENDINGS = (".com", ".org", ".net", ".gov", ".edu", ".int", ".mil", ".uk", ".us", ".ca", ".au",
                ".nz", ".ie", ".info", ".io")

FIX_LINK = "check the address; link to another article as [text]({filename}/myths/file-name.md)"
FIX_IMAGE = "put the image in content/images/ and write ![what it shows]({static}/images/file-name.png)"
FIX_SECTION = ("use the id of a heading on that page: its words in lowercase joined by hyphens, "
               "e.g. #what-the-evidence-says")
FIX_URL = "copy the address from your browser's address bar; it starts with https://"


def check(content, built, written=True):
    """Every link, image or source address problem in one article or page.

    written: False for an article the build left out, whose own page (and
    so its #sections) does not exist; its other links are still checked.
    """
    site = urlsplit(built.settings.get("SITEURL") or "")
    base = "/" + content.url if not content.url.startswith("/") else content.url
    found = []
    soup = BeautifulSoup(content.content or "", "html.parser")
    for tag, attribute, field in (("a", "href", "link"), ("img", "src", "image")):
        for element in soup.find_all(tag):
            address = (element.get(attribute) or "").strip()
            if address.startswith(_UNRESOLVED) or (not written and address.startswith("#")):
                # A {filename} or {static} link Pelican could not resolve: the
                # build reported it already, with the nearest existing file.
                # A #section of a page that was not written cannot be looked up.
                continue
            problem = _address_problem(address, field, element, base, site, built.output)
            if problem:
                message, fix, field_name = problem
                found.append(Problem(display_path(content.source_path),
                                     _line_of_text(content, address), field_name, message, fix, ERROR))
    return found


def _address_problem(address, field, element, base, site, output):
    """(message, fix, field) for a bad address, or None when it is fine."""
    if not address:
        text = " ".join(element.get_text(" ").split()) or element.get("alt", "")
        return f'"{text}" has no address', "put the address in the brackets: [text](https://...)", field
    parts = urlsplit(address)
    scheme = parts.scheme.lower()
    internal = scheme in _WEB and site.netloc and parts.netloc == site.netloc
    if scheme in _WEB and not internal:
        if not validators.url(address):
            return f'"{address}" is not a valid web address', FIX_URL, "source"
        return None
    if scheme in _NOT_PAGES:
        return None
    if scheme and not internal and not address.startswith("{"):
        return f'"{address}" is not a web address (it starts with "{scheme}:")', FIX_URL, "source"
    if not scheme and parts.netloc:
        # "//host/path" is a web address that borrows the page's https:.
        return None if validators.url("https:" + address) else (
            f'"{address}" is not a valid web address', FIX_URL, "source")
    if address.lower().startswith("http"):
        return f'"{address}" is not a valid web address', FIX_URL, "source"
    if _looks_like_web_address(address):
        return f'"{address}" is missing https:// at the start', f"write the full address: https://{address}", "source"
    return _internal_problem(address, field, base, site, output)


def _looks_like_web_address(address):
    first = address.split("/", 1)[0].lower()
    return first.startswith("www.") or (not address.startswith((".", "/", "#", "{")) and first.endswith(_WEB_ENDINGS))


def _internal_problem(address, field, base, site, output):
    target, fragment = _target(address, base, site.path, output)
    if not target.is_file():
        if field == "image":
            return f'"{address}" does not exist', FIX_IMAGE, field
        return f'"{address}" does not lead to any page of this site', FIX_LINK, field
    if fragment and target.suffix == ".html" and unquote(fragment) not in _ids(target):
        return f'"{address}" points to a section that is not on that page', FIX_SECTION, field
    return None


def _target(address, base, site_path, output):
    """The output file an internal address leads to, and its #fragment."""
    parts = urlsplit(urljoin(base, address))
    path = unquote(parts.path)
    prefix = site_path.rstrip("/")
    if prefix and path.startswith(prefix + "/"):
        path = path[len(prefix):]
    target = Path(output) / path.lstrip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


@lru_cache(maxsize=None)
def _ids(page):
    """Every id in one output page (what a #fragment can point to)."""
    soup = BeautifulSoup(Path(page).read_text(encoding="utf-8"), "html.parser")
    return frozenset(element["id"] for element in soup.find_all(id=True))


def _line_of_text(content, address):
    """The line of the source file where `address` is written, else the body's first line."""
    if address:
        for number, line in enumerate(_source_lines(content.source_path), start=1):
            if address in line:
                return number
    return getattr(content, "source_lines", {}).get("_body", 1)


@lru_cache(maxsize=None)
def _source_lines(path):
    return tuple(Path(path).read_text(encoding="utf-8", errors="replace").splitlines())
