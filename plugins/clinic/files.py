"""Writing a file so that no reader ever sees half of it."""

import os
import tempfile
from pathlib import Path


def write_atomic(path, data):
    """Write `data` (bytes) to `path` under a temporary name in its folder, then rename it into place.

    A build killed mid-write, or a disk that fills, leaves the file as it was
    (or no file), never a short one under its name; on failure the temporary
    file is removed and the error raised.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
