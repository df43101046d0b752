"""template_cache: the theme's compiled templates kept between builds.

Pelican gives every generator a Jinja environment of its own, and each one
compiles the templates it renders from their source: base.html and its
includes are compiled again by the articles, pages, clinicians, feeds and
search generators, in every build. Jinja's FileSystemBytecodeCache keeps the
compiled code on disk, each template under its name and a checksum of its
source, so an edited template is compiled afresh and nothing stale is used.

What a template compiles to also depends on the environment's options
(trim_blocks, extensions...) and on Jinja's version, which the checksum
does not cover, so the cache lives in a folder named by a digest of both.

Each file carries the sha256 of its compiled code and is used only if it
matches (a damaged one is compiled again, with one warning). The cache is
set up in bytecode.py; settings: settings.py.
"""

from pelican import signals

from . import bytecode


def register():
    """Connect to Pelican."""
    signals.initialized.connect(bytecode.use_bytecode_cache)
