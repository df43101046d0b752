"""What every page tells the browser: load nothing from other hosts.

The Content Security Policy allows the site's own files and nothing else,
with two exceptions the site needs: 'wasm-unsafe-eval' so the search page
can run Pagefind's WebAssembly (served from /pagefind/, the site itself),
and the hashes of the three table-alignment styles Markdown writes. (The
search page draws its own results, so Pagefind's stylesheet, whose icons
are data: images, is not loaded and data: is not allowed.) Embeds are allowed only
from the hosts in PRIVACY_EMBEDS.

The same policy goes into each page's <meta> tag (for hosts that send no
headers, such as GitHub Pages) and into the `_headers` file, which adds what
a meta tag cannot carry (frame-ancestors) and the other headers, and how
long browsers may keep each file: a few minutes for pages, feeds and
everything else ("/*"), a year for the theme files whose names carry their
hash (the asset_hashes plugin's ASSET_NAMES). Cloudflare Pages applies every
rule that matches an address and joins the values of a header that several
rules give, so each hashed file's rule first detaches the site-wide
Cache-Control ("! Cache-Control"); Netlify skips that line and keeps the
value of the last rule that matches, which is the file's own.
"""

from pathlib import Path

from . import markup, settings

HEADERS_NOTE = "# Written by the patient_privacy plugin: every page loads only the site's own files."


def directives(conf):
    """The policy's directives, in order, as (name, [sources])."""
    embeds = settings.get(conf, "PRIVACY_EMBEDS")
    return [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", "'wasm-unsafe-eval'"]),
        ("style-src", ["'self'", "'unsafe-hashes'", *markup.style_hashes()]),
        ("img-src", ["'self'"]),
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'"]),
        ("media-src", ["'self'"]),
        ("frame-src", [f"https://{host}" for host in embeds] or ["'none'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
    ]


def meta_policy(conf):
    """The policy for a <meta http-equiv> tag."""
    return _join(directives(conf))


def header_policy(conf):
    """The policy as a response header: also forbids other sites to frame the pages."""
    return _join(directives(conf) + [("frame-ancestors", ["'none'"])])


def headers(conf):
    """The response headers every page gets, as (name, value)."""
    features = settings.get(conf, "PRIVACY_PERMISSIONS_OFF")
    return [
        ("Content-Security-Policy", header_policy(conf)),
        ("Referrer-Policy", settings.get(conf, "PRIVACY_REFERRER_POLICY")),
        ("X-Content-Type-Options", "nosniff"),
        ("Permissions-Policy", ", ".join(f"{feature}=()" for feature in features)),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]


def write_headers_file(conf, output_path):
    """Write the Netlify/Cloudflare Pages headers file; return its path, or None."""
    name = settings.get(conf, "PRIVACY_HEADERS_FILE")
    if not name:
        return None
    lines = [HEADERS_NOTE, "/*"] + [f"  {header}: {value}" for header, value in headers(conf)]
    lines.append(f"  Cache-Control: {settings.get(conf, 'PRIVACY_CACHE_PAGES')}")
    for published in sorted(conf.get("ASSET_NAMES", {}).values()):
        lines += [f"/{published}", "  ! Cache-Control", f"  Cache-Control: {settings.get(conf, 'PRIVACY_CACHE_HASHED')}"]
    path = Path(output_path) / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _join(pairs):
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in pairs)
