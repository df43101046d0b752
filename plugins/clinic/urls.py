"""Web addresses read the way browsers read them (the WHATWG URL standard, via ada-url).

A regex or urllib reads `https://evil.example\\@www.youtube-nocookie.com/`
as YouTube's address and `/\\evil.example/x` as a path on this site; a
browser loads both from evil.example. Every check of an address a writer or
the registry gives goes through this module, so the check and the browser
agree.
"""

import ada_url

# Relative addresses are resolved against this stand-in for the site's own
# origin: one that resolves elsewhere leaves the site.
_HERE = "https://site.invalid/"
_HERE_HOST = "site.invalid"
WEB_SCHEMES = ("https:", "http:")
# Characters a pasted address never needs, that a browser reads differently
# from a checker (a backslash) or that end the attribute it is written in.
_NEVER_IN_ADDRESSES = '\\"<>`'
_NAMES = {"\\": "a backslash", '"': "a quote mark", "<": "an angle bracket", ">": "an angle bracket",
          "`": "a backtick", " ": "a space", "\t": "a tab"}


def parse(address, base=_HERE):
    """The parts of `address` (resolved against `base`) as a browser reads them, or None."""
    try:
        return ada_url.parse_url(ada_url.join_url(base, address.strip()))
    except ValueError:
        return None


def other_host(address):
    """The host `address` loads from when that is another site (or "an unreadable address"); else None."""
    parts = parse(address)
    if parts is None:
        return "an unreadable address"
    if parts["protocol"] not in WEB_SCHEMES:
        return None
    return None if parts["host"] == _HERE_HOST else parts["hostname"]


def web_address_problem(value):
    """What is wrong with `value` as a full http(s) address with a real host; None when nothing is."""
    value = value.strip()
    if not value.lower().startswith(("https://", "http://")):
        return "is not a web address"
    odd = next((ch for ch in value if ch in _NEVER_IN_ADDRESSES or ch.isspace() or not ch.isprintable()), None)
    if odd is not None:
        return f"has {_NAMES.get(odd, f'the invisible character U+{ord(odd):04X}')} in it"
    parts = parse_absolute(value)
    if parts is None:
        return "is not a web address a browser can read"
    if parts["username"] or parts["password"]:
        return "holds a user name or password before the host"
    host = parts["hostname"]
    labels = host.split(".")
    if len(labels) < 2 or not all(labels) or not labels[-1].isalpha():
        return f'has no real host ("{host}")'
    return None


def query_values(address, key):
    """Every value `key` has in the address's query, in order (repeats count)."""
    parts = parse_absolute(address.strip())
    if parts is None:
        return []
    return ada_url.URLSearchParams(parts["search"].lstrip("?")).get_all(key)


def parse_absolute(address):
    """The parts of a full address as a browser reads it, or None."""
    try:
        return ada_url.parse_url(address)
    except ValueError:
        return None
