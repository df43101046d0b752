"""Jinja's bytecode cache, handed to every environment Pelican makes, each file verified.

Jinja's FileSystemBytecodeCache checks a file's header and the checksum of
the template's source, but not the compiled code after them: a file
garbled on disk is loaded as it is, and fails the build ("unknown opcode")
or, worse, renders something else. So each file here starts with the
sha256 of what follows; one that does not match it is compiled again from
the template, with one warning per build.
"""

import hashlib
import logging
import os
import tempfile
from importlib.metadata import version

from jinja2 import FileSystemBytecodeCache

from clinic import kept_results

from . import settings

logger = logging.getLogger(__name__)

_DIGEST_LENGTH = 64
# Part of the folder's name: files from before they carried a sha256 are not read as damaged.
_LAYOUT = "sha256-prefixed"


class VerifiedBytecodeCache(FileSystemBytecodeCache):
    """A FileSystemBytecodeCache whose files carry, and are checked against, their sha256."""

    def __init__(self, directory):
        super().__init__(directory)
        self._warned = False

    def load_bytecode(self, bucket):
        """Fill `bucket` from its file, unless the file is missing or damaged."""
        try:
            with open(self._get_cache_filename(bucket), "rb") as file:
                kept = file.read()
        except (FileNotFoundError, IsADirectoryError, PermissionError):
            return
        digest, code = kept[:_DIGEST_LENGTH], kept[_DIGEST_LENGTH:]
        if hashlib.sha256(code).hexdigest().encode() != digest:
            if not self._warned:
                self._warned = True
                logger.warning("The compiled templates kept in %s were damaged (a file does not match its "
                               "sha256); the damaged ones are compiled again.", self.directory)
            return
        bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        """Write the bucket's code after its sha256, under a temporary name renamed into place."""
        name = self._get_cache_filename(bucket)
        code = bucket.bytecode_to_string()
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=os.path.basename(name), suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(hashlib.sha256(code).hexdigest().encode() + code)
            os.replace(temporary, name)
        except BaseException as error:
            if os.path.exists(temporary):
                os.remove(temporary)
            if not isinstance(error, OSError):
                raise
            # Only the next build's speed depends on the file.
            logger.warning("Could not keep a compiled template in %s: %s", self.directory, error)


def use_bytecode_cache(pelican):
    """Put a VerifiedBytecodeCache into JINJA_ENVIRONMENT, unless caches are off
    or the settings already name a bytecode cache."""
    conf = pelican.settings
    options = conf.get("JINJA_ENVIRONMENT", {})
    if not conf.get("LOAD_CONTENT_CACHE") or "bytecode_cache" in options:
        return
    compiled_by = kept_results.key(_LAYOUT, version("jinja2"),
                                   sorted((name, repr(value)) for name, value in options.items()))
    folder = kept_results.path_for(conf, settings.get(conf, "TEMPLATE_CACHE"), compiled_by[:16])
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    # A new dict: the one in the settings may be Pelican's own default.
    conf["JINJA_ENVIRONMENT"] = {**options, "bytecode_cache": VerifiedBytecodeCache(str(folder))}
