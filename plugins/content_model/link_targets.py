"""`{filename}` and `{static}` links whose file does not exist, with the nearest file that does.

Pelican only logs "Unable to find 'x.md', skipping url replacement." with no
article and no line, and publishes a broken link. Checked here, each is an
error at the line of the article that holds it, suggesting the existing file
with the most similar path ("did you mean {filename}/myths/cold-weather.md?").
Run every build: a file added since the last build must count.
"""

import os
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from clinic import suggest

# Python-Markdown writes the link target as written, inside href or src.
_FIX_LINK = "check the file name; link another article as {filename}/myths/file-name.md"
_FIX_IMAGE = "put the file in content/images/ and write {static}/images/file-name.png"
_TARGET = re.compile(r"""(?:\{|\|)(filename|static|attach)(?:\}|\|)([^"'\s<>#?]*)""")


class ContentFiles:
    """The files below the content folder, listed once per build for suggestions."""

    def __init__(self, root):
        self.root = Path(root)
        self._listed = None

    def exists(self, relative):
        """True when `relative` (a path below the root) names a file."""
        target = (self.root / relative).resolve()
        return target.is_file() and target.is_relative_to(self.root.resolve())

    def listed(self):
        """Every file below the root, as /posix/paths."""
        if self._listed is None:
            self._listed = sorted(
                "/" + PurePosixPath(Path(folder, name).relative_to(self.root)).as_posix()
                for folder, _, names in os.walk(self.root) for name in names
                if not name.startswith(".")
            )
        return self._listed


def problems(article, files):
    """(line, field, message, fix) for each link of the article to a file that does not exist."""
    body = getattr(article, "_content", "") or ""
    if "{" not in body and "|" not in body:
        return []
    folder = PurePosixPath(Path(article.source_path).resolve().relative_to(files.root.resolve()).parent.as_posix())
    found = []
    for what, target in dict.fromkeys(_TARGET.findall(body)):
        path = unquote(target)
        relative = path.lstrip("/") if path.startswith("/") else os.path.normpath(folder / path)
        if (path and files.exists(relative)) or relative.startswith(".."):
            # One that leaves content/ is patient_privacy's error (media.py).
            continue
        written = "{" + what + "}" + target
        nearest = suggest.nearest("/" + relative, files.listed())
        fix = (f'did you mean "{{{what}}}{nearest}"?' if nearest
               else _FIX_IMAGE if what == "static" else _FIX_LINK)
        found.append((_line(article, written), "link", f'"{written}" names a file that does not exist', fix))
    return found


def _line(article, written):
    """The line of the source file where `written` appears, else the body's first line."""
    try:
        text = Path(article.source_path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for number, line in enumerate(text.split("\n"), start=1):
        if written in line:
            return number
    return None
