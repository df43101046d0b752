"""Writing a file so that no reader ever sees half of it."""

import itertools
import os
from pathlib import Path

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL
_serial = itertools.count()


def write_atomic(path, data):
    """Write `data` (bytes) to `path` under a temporary name in its folder, then rename it into place.

    A build killed mid-write, or a disk that fills, leaves the file as it was
    (or no file), never a short one under its name; on failure the temporary
    file is removed and the error raised.
    """
    path = Path(path)
    # Named by process and a counter: no other writer uses the name, and
    # creating it needs no retries (mkstemp costs several times as much).
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{next(_serial)}.tmp")
    try:
        handle = os.open(temporary, _NEW_FILE, 0o644)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(temporary, _NEW_FILE, 0o644)
    except FileExistsError:
        # Left by a process that was killed and had this one's pid.
        temporary.unlink()
        handle = os.open(temporary, _NEW_FILE, 0o644)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
