"""images: every picture the site shows is re-encoded, sized for the screen, and named by its content.

- Sources (sources.py): a file below content/ is read and checked before it
  is decoded: no link out of content/, a real picture of the kind its name
  says, within IMAGES_MAX_SOURCE_BYTES and IMAGES_MAX_SOURCE_PIXELS.
- Encoding (encode.py, variants.py): decoded, turned upright, converted to
  sRGB and re-encoded from the pixels alone, so no EXIF, GPS, XMP, IPTC,
  maker note, comment or thumbnail survives; a few widths in AVIF (or WebP)
  with a JPEG or PNG fallback, kept in a cache keyed by a sha256 of the
  source, the settings and the code, and deterministic.
- Pages (pages.py, markup.py): each <img> of an article or page becomes a
  <picture> with srcset, sizes, width, height and loading="lazy"; a link to
  a picture points at its largest fallback. A picture needs a description
  (alt text) unless marked {.decorative}. Articles get `images`, pages too:
  [publishing.Published], each with the source path and original file name
  (for the privacy checks), the alt text and the published files.
- Clinicians (portraits.py): each clinician gets `portrait`, a Published.
- Static files (static_files.py): nothing Pelican would copy from content/
  escapes the checks; original pictures are never copied.
- Published names (publishing.py): slug-key-width.ext, never the upload's name.

Settings and their defaults: settings.py.
"""

from pelican import signals

from . import signal_handlers as handle


def register():
    """Connect to Pelican's signals; patient_privacy must be registered first (it withdraws stories)."""
    signals.initialized.connect(handle.start)
    signals.article_generator_pretaxonomy.connect(handle.publish_article_pictures)
    signals.page_generator_finalized.connect(handle.publish_page_pictures)
    signals.all_generators_finalized.connect(handle.take_over_static_files)
    signals.finalized.connect(handle.write_files)
