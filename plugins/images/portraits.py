"""Clinicians' photos, published like every other picture (clinician.portrait)."""

from pathlib import Path

from clinic import problems

from . import settings, sources
from .publishing import Published


def publish(build, clinicians, registry_path):
    """Give each clinician `portrait` (a Published, or None); a refused photo is an error in the registry."""
    widths = settings.get(build.conf, "IMAGES_PORTRAIT_WIDTHS")
    for clinician in clinicians:
        clinician.portrait = None
        if not clinician.photo:
            continue
        source = build.source(clinician.photo)
        if isinstance(source, sources.Refusal):
            problems.report(registry_path, _line(registry_path, clinician.photo), "photo",
                            f"{clinician.photo} {source.message}", source.fix)
            continue
        portrait = Published(clinician.photo, source.original_name, "photo", 1, decorative=True)
        portrait.files, _ = build.files_for(source, clinician.id, widths)
        clinician.portrait = portrait


def _line(path, value):
    """The registry line that names `value`, else 1."""
    try:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if value in line:
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 1
