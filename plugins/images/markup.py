"""Find the pictures an article's HTML shows or links to, and write them as <picture> elements.

The body reaching this plugin was written by the sanitiser (nh3), which
quotes every attribute value with double quotes and escapes the quotes in
it, so its <img> and <a> tags are found reliably by a pattern; their place
in the HTML is kept byte for byte.
"""

import html
import posixpath
import re
from urllib.parse import unquote, urljoin, urlsplit

_ATTRIBUTES = r'((?:\s+[^\s="/>]+(?:="[^"]*")?)*)\s*/?>'
_TAG = re.compile(r"<(img|a)\b" + _ATTRIBUTES, re.I)
_ATTRIBUTE = re.compile(r'\s+([^\s="/>]+)(?:="([^"]*)")?')
# Pelican's link prefixes: {static}path and the older |static|path.
_PREFIX = re.compile(r"^(?:\{(?:static|attach|filename)\}|\|(?:static|attach|filename)\|)")
# What the writer's <img> keeps: the rest (src, srcset, sizes, width, height, loading) is written anew.
_KEPT = ("id", "class", "title", "lang", "dir")
DECORATIVE = "decorative"


def tags(body):
    """[(match, name, {attribute: value})] for every <img> and <a> tag of `body`, values unescaped."""
    found = []
    for match in _TAG.finditer(body or ""):
        attributes = {name.lower(): html.unescape(value or "") for name, value in _ATTRIBUTE.findall(match.group(2))}
        found.append((match, match.group(1).lower(), attributes))
    return found


def resolve(address, relative_dir, page_url, siteurl):
    """The file below content/ that `address` (a src or href as written) names, or None.

    {static} and similar links are resolved as Pelican resolves them; a plain
    address on this site names the file published at that path.
    """
    address = address.strip()
    prefix = _PREFIX.match(address)
    if prefix:
        path = unquote(urlsplit(address[prefix.end():]).path)
        path = path.lstrip("/") if path.startswith("/") else posixpath.join(relative_dir.replace("\\", "/"), path)
    else:
        if siteurl and address.startswith(siteurl.rstrip("/") + "/"):
            address = address[len(siteurl.rstrip("/")):]
        parts = urlsplit(address)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        path = unquote(urljoin("/" + page_url, parts.path)).lstrip("/")
    path = posixpath.normpath(path)
    return None if path in (".", "..") or path.startswith(("../", "/")) else path


def elsewhere(address, siteurl):
    """True for an address resolve() would give None for at a glance: a fragment, or another site's.

    Most of a body's links are these (sources, footnotes), and telling them
    apart here spares resolving each against the page's address.
    """
    address = address.strip()
    if address.startswith("#"):
        return True
    if not address.startswith(("https://", "http://", "mailto:", "tel:")):
        return False
    return not (siteurl and address.startswith(siteurl.rstrip("/") + "/"))


def decorative(attributes):
    """True when the writer marked the picture as decoration ({.decorative} or class="decorative")."""
    return DECORATIVE in attributes.get("class", "").split()


def picture(image, attributes, siteurl, sizes, lazy=True):
    """The <picture> element showing `image` (a publishing.Published) in place of an <img> with `attributes`."""
    sources = "".join(
        f'<source type="{kind}" sizes="{_quoted(sizes)}" srcset="{_quoted(image.srcset(kind, siteurl))}">'
        for kind in image.modern_types
    )
    kept = [(name, attributes[name]) for name in _KEPT if name in attributes]
    written = [
        ("alt", "" if image.decorative else image.alt), *kept,
        ("decoding", "async"), ("height", str(image.height)), *((("loading", "lazy"),) if lazy else ()),
        ("sizes", sizes), ("src", image.src(siteurl)), ("srcset", image.srcset(image.fallback_type, siteurl)),
        ("width", str(image.width)),
    ]
    img = "<img" + "".join(f' {name}="{_quoted(value)}"' for name, value in written) + ">"
    return f"<picture>{sources}{img}</picture>"


def with_href(match, attributes, href):
    """The <a> tag of `match` with its href replaced, its other attributes as written."""
    rest = "".join(f' {name}="{_quoted(value)}"' for name, value in attributes.items() if name != "href")
    return f'<a href="{_quoted(href)}"{rest}>'


def _quoted(value):
    return html.escape(value, quote=True)
