"""Sanitise the raw HTML that Markdown lets writers put in an article.

Markdown passes raw HTML through, so an article can carry a script, a
tracking pixel or an embed that tells another company who reads about what.
`clean()` keeps everything Markdown itself produces (footnotes, table of
contents links, abbreviations, admonitions, tables, definition lists,
attr_list ids and classes, highlighted code) and removes the rest with nh3,
a maintained sanitiser built on the same HTML parser browsers use. Before
nh3 runs, a first pass lists what will be removed, so the writer is told,
and takes out whole the embeds and images that would load from other hosts.

The first pass reads the HTML with lxml (libxml2, the parser clinic.text
uses). Mostly nothing has to be taken out, and nh3 is given the HTML as
written; only when an embed or image is cut out is lxml's tree written
back, by lxml, for nh3 to clean.
"""

import base64
import functools
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

import nh3
import lxml.html
from lxml import etree
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
    lines = html.split("\n")
    root, misplaced, stopped = _tree(html)
    removals, cut = _review(root, misplaced, embeds, lines)
    if stopped:
        # libxml2 reads no further than its depth limit; what the first pass
        # could not check is not published.
        snippet = lines[stopped - 1].strip()[:40] if stopped <= len(lines) else ""
        removals.append(Removal(f"HTML nested more than {_DEPTH} elements deep, and all that follows it",
                                snippet, MARKUP_FIX))
    written = _written(root) if cut or stopped else html
    return _sorted_embed_attributes(_cleaner(tuple(embeds.items())).clean(written)), removals


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
    """
    return Markup(_sorted_embed_attributes(_cleaner(tuple(embeds)).clean(str(html or ""))))


# Opened before the body, so libxml2 leaves every element where it was
# written (it would move a leading <meta>, <style> or <title> into a head)
# and reports an <html>, <head> or <body> tag written in the body as misplaced.
_OPENED = "<html><head></head><body>"
# libxml2 stops reading at </html>, where browsers and nh3 read on; the
# first pass reads the HTML without it.
_END_OF_HTML = re.compile(r"</html(?=[\s/>])[^>]*>", re.I)
# How deep libxml2 reads elements nested in each other (with huge_tree).
_DEPTH = 2048
_MISPLACED = re.compile(r"misplaced <(\w+)> tag")
# Elements that are taken out whole, with what they hold.
_CUT = ("iframe", "img", "video", "audio", "source", "embed", "object")


def _tree(html):
    """lxml's tree of `html` (its root), the <html>, <head> and <body> tags
    written in it, as (line, name), and the line where libxml2 stopped
    reading (None when it read it all)."""
    # huge_tree: libxml2 stops at 256 elements deep without it, at _DEPTH with it.
    parser = lxml.html.HTMLParser(huge_tree=True)
    root = etree.fromstring(_OPENED + _END_OF_HTML.sub("", html), parser)
    misplaced, stopped = [], None
    for error in parser.error_log:
        name = _MISPLACED.search(error.message)
        if name:
            misplaced.append((error.line, name.group(1)))
        # A fatal error ends the reading; for a body that is the depth limit.
        elif error.level == etree.ErrorLevels.FATAL and stopped is None:
            stopped = max(error.line, 1)
    return root, misplaced, stopped


def _review(root, misplaced, embeds, lines):
    """List what will be removed; take out whole what would load from other hosts.

    Returns the removals and whether anything was taken out. `lines` are the
    HTML's lines as written, to tell placeholders (`<Your name>`) from tags.
    """
    found = [(line, Removal(f"<{name}>", f"<{name}", MARKUP_FIX))
             for line, name in misplaced if not _placeholder(name, line, lines)]
    cut = []
    opened = _opened(root)
    # Comments are not elements: iter() with etree.Element passes over them.
    # What follows a </body> libxml2 puts after the body: it is read too.
    for element in root.iter(etree.Element):
        if element in opened or (cut and _inside(element, cut)):
            continue
        line = element.sourceline or 0
        removal = _element_removal(element, embeds)
        if removal:
            # Only a tag that is merely markup can be a placeholder: one that runs code
            # or loads from elsewhere is reported however it is written (<SCRIPT>).
            if removal.fix != MARKUP_FIX or not _placeholder(element.tag, line, lines):
                found.append((line, removal))
            if element.tag in _CUT:
                cut.append(element)
            continue
        found.extend((line, removal) for removal in _attribute_removals(element))
    for element in cut:
        # drop_tree keeps the text that follows the element.
        element.drop_tree()
    # In the order written (sorted is stable), each once (the dataclasses are frozen, so they hash).
    return list(dict.fromkeys(removal for _, removal in sorted(found, key=lambda pair: pair[0]))), bool(cut)


def _opened(root):
    """The <html>, <head> and <body> elements that _OPENED wrote."""
    return (root, root[0], root[1])


def _inside(element, cut):
    """True when `element` is inside one of the elements in `cut`."""
    return any(ancestor in cut for ancestor in element.iterancestors())


def _written(root):
    """The body of `root` (and anything libxml2 put after it) as HTML, written by lxml."""
    body = _opened(root)[2]
    parts = [body.text or ""]
    parts += [lxml.html.tostring(child, encoding="unicode") for child in body]
    parts.append(body.tail or "")
    parts += [lxml.html.tostring(after, encoding="unicode") for after in body.itersiblings()]
    return "".join(parts)


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


def _placeholder(name, line, lines):
    """True for `<Capitalised words>`, which is no tag a writer means.

    lxml knows the line a start tag ends on, not its column: the tag began at
    the last `<name` before that line's end, and it is a placeholder when
    every `<name` on the line it began on is written with a capital.
    """
    if not 0 < line <= len(lines):
        return False
    opening = re.compile(rf"<{re.escape(name)}(?![\w-])", re.I)
    for number in range(line - 1, -1, -1):
        openings = [match.group()[1] for match in opening.finditer(lines[number])]
        if openings:
            return all(first.isupper() for first in openings)
    return False


def _element_removal(element, embeds):
    name = element.tag
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
    name = element.tag
    allowed = ATTRIBUTES.get("*", set()) | ATTRIBUTES.get(name, set())
    if name == "iframe":
        allowed = allowed | _EMBED_CODE_ATTRIBUTES
    for attribute, value in element.attrib.items():
        if attribute.lower().startswith("on"):
            yield Removal(f"the {attribute} attribute of <{name}>", f"{attribute}=", CODE_FIX)
        elif attribute in _URL_ATTRIBUTES and _scheme(value) not in ("", *URL_SCHEMES):
            yield Removal(f"a {_scheme(value)}: address from <{name}>", f"{_raw_scheme(value)}:", CODE_FIX)
        elif attribute not in allowed and not attribute.startswith(tuple(ATTRIBUTE_PREFIXES)):
            yield Removal(f"the {attribute} attribute of <{name}>", f"{attribute}=", MARKUP_FIX)
        elif attribute == "style" and not _only_alignment(value):
            yield Removal(f"the style attribute of <{name}>", "style=", MARKUP_FIX)


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
