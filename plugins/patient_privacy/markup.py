"""Sanitise the raw HTML that Markdown lets writers put in an article.

Markdown passes raw HTML through, so an article can carry a script, a
tracking pixel or an embed that tells another company who reads about what.
`clean()` keeps everything Markdown itself produces (footnotes, table of
contents links, abbreviations, admonitions, tables, definition lists,
attr_list ids and classes, highlighted code) and removes the rest with nh3,
a maintained sanitiser built on the same HTML parser browsers use. Before
nh3 runs, a first pass lists what will be removed, so the writer is told,
and takes out whole the embeds and images that would load from other hosts.
"""

import base64
import functools
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

import nh3
from bs4 import BeautifulSoup, Comment
from markupsafe import Markup

from clinic import urls

TAGS = (nh3.ALLOWED_TAGS | {"iframe", "tfoot", "picture", "source"}) - {"center", "strike", "tt", "acronym", "map", "area"}

ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "role"},
    "a": {"href", "hreflang", "rel"},
    # srcset, sizes, <picture> and <source>: the images plugin's responsive pictures.
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding"},
    "source": {"srcset", "sizes", "type", "media", "width", "height"},
    "iframe": {"src", "width", "height", "allowfullscreen"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "th": {"style", "scope", "colspan", "rowspan", "headers", "abbr"},
    "td": {"style", "colspan", "rowspan", "headers"},
    "col": {"span"},
    "colgroup": {"span"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "data": {"value"},
    "details": {"open"},
}
# Accessibility attributes (the content model names footnote links with aria-label).
ATTRIBUTE_PREFIXES = {"aria-"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Markdown's tables extension aligns columns with a style attribute; nothing
# else may style an element inline.
STYLE_PROPERTIES = {"text-align"}
# nh3 writes those styles back in this exact form, which the Content Security
# Policy allows by hash (see policy.py).
TABLE_ALIGN_STYLES = tuple(f"text-align:{side}" for side in ("left", "center", "right"))
# Embeds that are kept get these: the embed learns only the site's origin.
EMBED_ATTRIBUTES = {"referrerpolicy": "strict-origin", "loading": "lazy"}

# Attributes that video sites' "embed" code carries; replaced by
# EMBED_ATTRIBUTES without a warning, since the writer did nothing wrong.
_EMBED_CODE_ATTRIBUTES = {"allow", "frameborder", "referrerpolicy", "loading"}

# Elements whose content is code or styling, never text to keep: removed with it.
_REMOVED_WITH_CONTENT = {"script", "style", "noscript", "template"}
_URL_ATTRIBUTES = ("href", "src", "srcset", "cite", "poster", "action", "formaction", "data", "xlink:href", "background")


@dataclass(frozen=True)
class Removal:
    """One thing taken out of an article: what (for the message) and a snippet to find its line."""

    what: str
    snippet: str
    fix: str


CODE_FIX = "articles cannot run code or change how the page behaves; delete it from the Markdown"
MARKUP_FIX = "write it in Markdown instead of HTML, or delete it"
IMAGE_FIX = "save the image under content/images/ and show it with ![description]({static}/images/NAME.png)"


def embed_fix(embeds):
    """How to embed a video instead, naming the hosts the clinic allows."""
    allowed = ", ".join(f"{host} (with ?{query})" if query else host for host, query in embeds.items())
    return f"link to the page instead, or embed a video from {allowed}" if allowed else "link to the page instead"


def clean(html, embeds):
    """Sanitise one piece of article HTML; return (clean html, [Removal])."""
    if not html or "<" not in html:
        return html, []
    soup = _soup(html)
    removals = _review(soup, embeds, html.splitlines())
    return _sorted_embed_attributes(_cleaner(tuple(embeds.items())).clean(str(soup))), removals


def style_hashes():
    """CSP hash sources for the only inline styles articles keep (table alignment)."""
    return tuple(
        "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"
        for style in TABLE_ALIGN_STYLES
    )


def allowed_embed(src, embeds):
    """True when an iframe's address is on the clinic's list of privacy-friendly embeds.

    The host must match exactly as a browser reads the address, with no user
    name before it, and every value a required parameter is given must be
    the required one (a player may read any of them).
    """
    parts = urls.parse_absolute(src.strip()) if src.strip().lower().startswith("https://") else None
    if parts is None or "\\" in src or parts["username"] or parts["password"] or parts["host"] not in embeds:
        return False
    required = parse_qsl(embeds[parts["host"]])
    return all(set(urls.query_values(src, key)) == {value} for key, value in required)


def sanitised(html, embeds=()):
    """The one place the site marks HTML as safe to print: an article's or page's
    body, cleaned again by nh3 as it is printed.

    Templates autoescape every other value. The body was cleaned when it was
    read (clean()); cleaning it once more here means nothing a plugin added
    afterwards reaches a page unless the sanitiser allows it.

    The same body is printed on its page and in the feeds: what nh3 made of
    the very same HTML (the same sha256) is printed again without cleaning
    it twice.
    """
    html = str(html or "")
    embeds = tuple(embeds)
    key = (embeds, hashlib.sha256(html.encode("utf-8", "surrogatepass")).digest())
    cleaned = _SANITISED.get(key)
    if cleaned is None:
        cleaned = _sorted_embed_attributes(_cleaner(embeds).clean(html))
        if len(_SANITISED) >= _SANITISED_MAX:
            _SANITISED.clear()
        # Mostly nh3 gives the HTML back unchanged: remember only that, not a second copy.
        _SANITISED[key] = _UNCHANGED if cleaned == html else cleaned
    return Markup(html if cleaned is _UNCHANGED else cleaned)


# What sanitised() gave for each HTML by its sha256, for one site's bodies (a
# devserver rebuilding all day starts again past the bound).
_SANITISED = {}
_SANITISED_MAX = 20_000
_UNCHANGED = object()


def _soup(html):
    """Beautiful Soup's tree of `html`, read with html.parser."""
    return BeautifulSoup(html, "html.parser")


def _review(soup, embeds, lines):
    """List what will be removed; take out whole what would load from other hosts.

    `lines` are the HTML's lines as written, to tell `make new`'s
    placeholders (`<Your name>`: the content model reports those) from tags.
    """
    removals = []
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    for element in soup.find_all(True):
        if element.decomposed:
            continue
        removal = _element_removal(element, embeds)
        if removal:
            if not _placeholder(element, lines):
                removals.append(removal)
            if element.name in ("iframe", "img", "video", "audio", "source", "embed", "object"):
                element.decompose()
            continue
        removals.extend(_attribute_removals(element))
    # In order, each once (the dataclasses are frozen, so they hash).
    return list(dict.fromkeys(removals))


_IFRAME = re.compile(r"<iframe((?: [^\s=>]+=\"[^\"]*\")*)>")
_QUOTED_ATTRIBUTE = re.compile(r' [^\s=>]+="[^"]*"')


def _sorted_embed_attributes(html):
    """Kept embeds with their attributes in alphabetical order.

    nh3 adds EMBED_ATTRIBUTES in hash-map order, which changes from run to
    run; sorting keeps two publishes of the same content byte-identical.
    """
    if "<iframe" not in html:
        return html
    return _IFRAME.sub(lambda tag: "<iframe" + "".join(sorted(_QUOTED_ATTRIBUTE.findall(tag.group(1)))) + ">", html)


@functools.lru_cache(maxsize=4)
def _cleaner(embeds):
    """The nh3 sanitiser for the clinic's embeds ((host, query) pairs), made once."""
    return nh3.Cleaner(
        tags=TAGS,
        clean_content_tags=_REMOVED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        generic_attribute_prefixes=ATTRIBUTE_PREFIXES,
        url_schemes=URL_SCHEMES,
        filter_style_properties=STYLE_PROPERTIES,
        set_tag_attribute_values={"iframe": EMBED_ATTRIBUTES},
        attribute_filter=functools.partial(_keep_address, dict(embeds)),
        link_rel=None,
        strip_comments=True,
    )


def _keep_address(embeds, element, attribute, value):
    """nh3's last word on addresses: no embed or image from another host survives,
    even one the first pass (a different HTML parser) did not see as an element."""
    if attribute == "src" and element == "iframe" and not allowed_embed(value, embeds):
        return None
    if attribute == "src" and element == "img" and urls.other_host(value):
        return None
    if attribute == "srcset" and srcset_host(value):
        return None
    return value


def srcset_host(srcset):
    """The other host (or "an unreadable address") one candidate of a srcset loads from; None when all stay here."""
    for candidate in srcset.split(","):
        address = candidate.strip().split(" ")[0] if candidate.strip() else ""
        if not address:
            continue
        if _scheme(address) not in ("", "http", "https"):
            return "an address that is not a web address"
        host = urls.other_host(address)
        if host:
            return host
    return None


def _placeholder(element, lines):
    """True for `<Capitalised words>`: HTML tags are never written with a capital."""
    line, column = element.sourceline, element.sourcepos
    if line is None or column is None or line > len(lines):
        return False
    return lines[line - 1][column + 1:column + 2].isupper()


def _element_removal(element, embeds):
    name = element.name
    opening = f"<{name}"
    if name == "iframe":
        src = element.get("src") or ""
        if allowed_embed(src, embeds):
            return None
        parts = urls.parse(src)
        host = (parts["hostname"] if parts else "") or "an unknown address"
        return Removal(f"an embedded page (<iframe>) from {host}", opening, embed_fix(embeds))
    if name in ("img", "source"):
        src = (element.get("src") or "").strip() if name == "img" else ""
        srcset = element.get("srcset") or ""
        host = (urls.other_host(src) if src else None) or (srcset_host(srcset) if srcset else None)
        if host:
            return Removal(f"an image loaded from {host}", src or srcset.strip().split(" ")[0], IMAGE_FIX)
        return None
    if name in TAGS:
        return None
    if name in _REMOVED_WITH_CONTENT or name in ("object", "embed", "applet", "base", "meta", "link"):
        return Removal(f"<{name}>", opening, CODE_FIX)
    return Removal(f"<{name}>", opening, MARKUP_FIX)


def _attribute_removals(element):
    allowed = ATTRIBUTES.get("*", set()) | ATTRIBUTES.get(element.name, set())
    if element.name == "iframe":
        allowed = allowed | _EMBED_CODE_ATTRIBUTES
    for attribute, value in element.attrs.items():
        value = " ".join(value) if isinstance(value, list) else str(value)
        if attribute.lower().startswith("on"):
            yield Removal(f"the {attribute} attribute of <{element.name}>", f"{attribute}=", CODE_FIX)
        elif attribute in _URL_ATTRIBUTES and _scheme(value) not in ("", *URL_SCHEMES):
            yield Removal(f"a {_scheme(value)}: address from <{element.name}>", f"{_raw_scheme(value)}:", CODE_FIX)
        elif attribute not in allowed and not attribute.startswith(tuple(ATTRIBUTE_PREFIXES)):
            yield Removal(f"the {attribute} attribute of <{element.name}>", f"{attribute}=", MARKUP_FIX)
        elif attribute == "style" and not _only_alignment(value):
            yield Removal(f"the style attribute of <{element.name}>", "style=", MARKUP_FIX)


def _scheme(url):
    """The scheme as a browser reads it: case and embedded whitespace ignored."""
    return _raw_scheme(url).lower()


def _raw_scheme(url):
    compact = "".join(ch for ch in url if ch > " ")
    scheme, colon, _ = compact.partition(":")
    if not colon or "/" in scheme or "?" in scheme or "#" in scheme or scheme.startswith("{"):
        return ""
    return scheme


def _only_alignment(style):
    declarations = [part.strip() for part in style.split(";") if part.strip()]
    return all(part.split(":")[0].strip().lower() in STYLE_PROPERTIES for part in declarations)
