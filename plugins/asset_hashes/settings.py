"""asset_hashes' settings and their defaults, read in this one place.

ASSET_HASHES         the theme's static files (paths below theme/static/) that are
                     published under a name carrying the SHA-256 of their bytes:
                     the stylesheet, the scripts and the icons every page loads.
                     The publisher's logo (images/logo.png) is left out: structured
                     data gives search engines its address, which should not move.
ASSET_HASH_LENGTH    how many hex digits of the digest the name carries (12).

The plugin adds one computed value: ASSET_NAMES, {site-relative source
address: site-relative published address}, e.g. {"theme/css/style.css":
"theme/css/style.0123456789ab.css"}, which the `_headers` file reads.
"""

DEFAULTS = {
    "ASSET_HASHES": (
        "css/style.css",
        "js/share.js",
        "js/search.js",
        "images/favicon-32.png",
        "images/logo.svg",
        "images/apple-touch-icon.png",
    ),
    "ASSET_HASH_LENGTH": 12,
}


def get(settings, name):
    """The setting `name`, or its documented default."""
    return settings.get(name, DEFAULTS[name])
