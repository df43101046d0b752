"""JSON-LD written safely into a <script> element in the page's head."""

import json

from markupsafe import Markup

# Inside <script>, "</script>" or "<!--" in a string would end or change the
# element, and a raw U+2028/U+2029 breaks older JavaScript parsers. JSON lets
# any character be written as a \u escape, so these are, and the JSON parses
# to exactly the same data.
_SCRIPT_SAFE = str.maketrans({
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
})


def script_json(data):
    """`data` as JSON text that is safe to place inside a <script> element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def script_elements(items):
    """One <script type="application/ld+json"> element per item, as markup."""
    return Markup("\n  ".join(
        f'<script type="application/ld+json">{script_json(item)}</script>' for item in items
    ))
