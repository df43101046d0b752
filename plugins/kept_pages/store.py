"""The kept pages: one file per page, named by its sha256, and one manifest.

The manifest holds the inputs' sha256s (inputs.py) and, for every page the
last build wrote, its output path, template and the sha256 of its bytes. Its
first line is the sha256 of the JSON after it, and it is written under a
temporary name and renamed into place, as clinic/kept_results.py writes its
files. A page is reused only when every input is as the manifest says and
its file still has the sha256 the manifest recorded: a page file cut short,
garbled or deleted is rendered again, with one warning for the build.
"""

import hashlib
import json
import logging
from pathlib import Path

from clinic.files import write_atomic

logger = logging.getLogger(__name__)

# Raised when the manifest's layout changes, so an older one is not misread.
FORMAT = 1
MANIFEST = "manifest.json"


class KeptPages:
    """The pages one build may reuse, and those it wrote (kept for the next build)."""

    def __init__(self, folder, inputs, load):
        """folder: where pages are kept; inputs: {name: sha256} of this build; load: read the last build's."""
        self.folder = Path(folder)
        self.inputs = inputs
        self.rendered = 0
        self.reused = 0
        self.damaged = []
        self._used = {}
        self._bad_files = set()
        manifest = self._read() if load else None
        if manifest is None:
            self.changed = ["nothing kept"]
            self._kept = {}
        else:
            self.changed = sorted(name for name in inputs if manifest["inputs"].get(name) != inputs[name])
            self._kept = {} if self.changed else manifest["pages"]

    def recall(self, output_file, template_name):
        """The bytes of the page the last build wrote at `output_file` with this template, checked; else None."""
        entry = self._kept.get(output_file)
        if entry is None or entry[0] != template_name:
            return None
        try:
            data = (self.folder / f"{entry[1]}.html").read_bytes()
        except OSError:
            data = None
        if data is None or hashlib.sha256(data).hexdigest() != entry[1]:
            self.damaged.append(output_file)
            self._bad_files.add(entry[1])
            return None
        self._used[output_file] = entry
        self.reused += 1
        return data

    def remember(self, output_file, template_name, data):
        """Keep the bytes of a page this build rendered; its file is written unless one holds it
        already (every use checks a file's sha256, so one that was damaged is never published)."""
        digest = hashlib.sha256(data).hexdigest()
        path = self.folder / f"{digest}.html"
        if digest in self._bad_files or not path.exists():
            write_atomic(path, data)
            self._bad_files.discard(digest)
        self._used[output_file] = [template_name, digest]
        self.rendered += 1

    def save(self):
        """Write the manifest of this build's pages and delete page files it does not list."""
        if self.damaged:
            logger.warning("kept_pages: %d kept page(s) were damaged (%s first) and were rendered again.",
                           len(self.damaged), self.damaged[0])
        if not self.changed and self._used == self._kept:
            return
        body = json.dumps({"format": FORMAT, "inputs": self.inputs, "pages": self._used},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_atomic(self.folder / MANIFEST, hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        listed = {f"{digest}.html" for _, digest in self._used.values()}
        for path in self.folder.glob("*.html"):
            if path.name not in listed:
                path.unlink(missing_ok=True)

    def _read(self):
        """The last build's manifest, or None when there is none, or it is damaged (one warning) or older."""
        path = self.folder / MANIFEST
        try:
            digest, _, body = path.read_bytes().partition(b"\n")
        except FileNotFoundError:
            return None
        except OSError as error:
            return _damaged(path, error)
        try:
            if hashlib.sha256(body).hexdigest().encode() != digest:
                raise ValueError("its contents do not match their sha256")
            manifest = json.loads(body)
        except ValueError as error:
            return _damaged(path, error)
        if (not isinstance(manifest, dict) or manifest.get("format") != FORMAT
                or not isinstance(manifest.get("inputs"), dict) or not isinstance(manifest.get("pages"), dict)):
            return None
        return manifest


def _damaged(path, error):
    logger.warning("kept_pages: the manifest %s was damaged (%s); every page is rendered again.", path, error)
    return None
