"""What Pelican would copy from content/ as it is: checked, and pictures taken over.

Pelican's static generator copies every file of STATIC_PATHS byte for byte,
following links. Here each such file is either a picture, which this plugin
publishes re-encoded (the original is never copied), or refused with a
message: a link leading out of content/, a web page, script or SVG drawing
(they would run code on the clinic's own origin), anything else in the
pictures folder, or a file whose bytes are not what its name says.
"""

import os
import posixpath
from pathlib import Path

from clinic import problems

from . import sources

# Files that run code when a browser opens them from the site's origin.
NEVER_COPIED = (".html", ".htm", ".xhtml", ".shtml", ".js", ".mjs", ".cjs", ".svg", ".svgz", ".xml", ".xsl")
FIELD = "file"
# Other files that may be published as they are, with the bytes they must start with.
SIGNATURES = {".pdf": b"%PDF-"}


def take_over(context, build):
    """Check every static file; take pictures and refused files out of what Pelican copies."""
    root = build.content_root
    reported = set()
    for static in list(context.get("staticfiles", [])):
        relative = Path(static.relative_source_path).as_posix()
        if not os.path.lexists(root / relative):
            # Pelican lists a missing file a link names; the link check reports it as missing.
            continue
        refusal = _refusal(build, relative)
        picture = Path(relative).suffix.lower() in sources.EXTENSIONS
        if refusal is not None and refusal.relative not in reported:
            reported.add(refusal.relative)
            problems.report(root / refusal.relative, 1, FIELD, refusal.message, refusal.fix)
        if refusal is not None or picture:
            _leave_out(static, context)


def _refusal(build, relative):
    """Why a static file must not be copied, or None."""
    link = sources.outside_link(build.content_root, relative)
    if link:
        return sources.refuse_link(*link)
    suffix = Path(relative).suffix.lower()
    if suffix in sources.EXTENSIONS:
        found = build.source(relative)
        return found if isinstance(found, sources.Refusal) else None
    if suffix in NEVER_COPIED or _in_pictures_folder(build, relative):
        return sources.refuse_kind(relative)
    signature = SIGNATURES.get(suffix)
    if signature is not None:
        with open(build.content_root / relative, "rb") as file:
            if file.read(len(signature)) != signature:
                return sources.Refusal(relative, f"is named {suffix} but its contents are something else",
                                       "export the document again, or delete it")
    return None


def _in_pictures_folder(build, relative):
    return posixpath.normpath(relative).startswith(build.folder + "/")


def _leave_out(static, context):
    if static in context.get("staticfiles", []):
        context["staticfiles"].remove(static)
    context.get("static_content", {}).pop(static.relative_source_path, None)
