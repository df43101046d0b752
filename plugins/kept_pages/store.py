"""The kept pages: one pack file holding every page's bytes, and one manifest.

The manifest holds the inputs' sha256s (inputs.py), the name of the pack, and,
for every page the last build wrote, its output path, template, and the
sha256, offset and length of its bytes in the pack. Its first line is the
sha256 of the JSON after it, and it is written under a temporary name and
renamed into place, as clinic/kept_results.py writes its files. A page is
reused only when every input is as the manifest says and its bytes in the
pack still have the sha256 the manifest recorded: a pack cut short, garbled
or deleted gives pages rendered again, with one warning for the build.

One pack rather than a file per page: creating a file is most of what
keeping a page costs, and a cold build keeps some 1,600. A build that
renders any page writes a new pack under a name of its own, and the manifest
names it only once it is complete, so a build killed half-way leaves the last
build's manifest and pack as they were. Whatever else is in the folder (an
earlier build's pack, or one a killed build left) is deleted when the
manifest is written.
"""

import hashlib
import json
import logging
import os
import time
from pathlib import Path

from clinic.files import write_atomic

logger = logging.getLogger(__name__)

# Raised when the manifest's layout changes, so an older one is not misread.
FORMAT = 2
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
        self._reused = []
        self._reading = None
        self._writing = None
        manifest = self._read() if load else None
        if manifest is None:
            self.changed = ["nothing kept"]
            self._kept, self._pack = {}, None
        else:
            self.changed = sorted(name for name in inputs if manifest["inputs"].get(name) != inputs[name])
            self._kept = {} if self.changed else manifest["pages"]
            self._pack = manifest["pack"]

    def recall(self, output_file, template_name):
        """The bytes of the page the last build wrote at `output_file` with this template, checked; else None."""
        entry = self._kept.get(output_file)
        if entry is None or entry[0] != template_name:
            return None
        data = self._bytes_at(entry)
        if data is None or hashlib.sha256(data).hexdigest() != entry[1]:
            self.damaged.append(output_file)
            return None
        self._used[output_file] = entry
        self._reused.append(output_file)
        self.reused += 1
        return data

    def remember(self, output_file, template_name, data):
        """Keep the bytes of a page this build rendered, in this build's pack."""
        self._used[output_file] = [template_name, *self._append(data)]
        self.rendered += 1

    def save(self):
        """Write the manifest of this build's pages, and delete what else is in the folder."""
        if self.damaged:
            logger.warning("kept_pages: %d kept page(s) were damaged (%s first) and were rendered again.",
                           len(self.damaged), self.damaged[0])
        if self._writing is None and not self.changed and self._used == self._kept:
            self._close()
            return
        if self._writing is not None:
            # A page reused from the last pack goes into the new one too, which replaces it.
            for output_file in self._reused:
                template_name, digest = self._used[output_file][:2]
                data = self._bytes_at(self._used[output_file])
                if data is not None and hashlib.sha256(data).hexdigest() == digest:
                    self._used[output_file] = [template_name, *self._append(data)]
                else:
                    del self._used[output_file]
            pack = self._writing[1]
        else:
            pack = self._pack
        self._close()
        body = json.dumps({"format": FORMAT, "inputs": self.inputs, "pack": pack, "pages": self._used},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_atomic(self.folder / MANIFEST, hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        for path in self.folder.iterdir():
            if path.name not in (MANIFEST, pack) and path.is_file():
                path.unlink(missing_ok=True)

    def _append(self, data):
        """Add bytes to this build's pack: [sha256, offset, length]."""
        if self._writing is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            name = f"{os.getpid()}-{time.time_ns()}.pack"
            self._writing = (open(self.folder / name, "wb"), name)
        file = self._writing[0]
        offset = file.tell()
        file.write(data)
        return [hashlib.sha256(data).hexdigest(), offset, len(data)]

    def _bytes_at(self, entry):
        """The bytes an entry of the last build's manifest points at in its pack, or None."""
        try:
            if self._reading is None:
                self._reading = open(self.folder / self._pack, "rb")
            self._reading.seek(entry[2])
            return self._reading.read(entry[3])
        except OSError:
            return None

    def _close(self):
        for file in (self._reading, self._writing and self._writing[0]):
            if file is not None:
                file.close()
        self._reading = self._writing = None

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
                or not isinstance(manifest.get("inputs"), dict) or not isinstance(manifest.get("pages"), dict)
                or not isinstance(manifest.get("pack"), str)):
            return None
        return manifest


def _damaged(path, error):
    logger.warning("kept_pages: the manifest %s was damaged (%s); every page is rendered again.", path, error)
    return None
