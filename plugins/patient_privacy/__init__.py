"""patient_privacy: patient privacy and content safety, enforced at build time.

- Untrusted markup (markup.py): raw HTML in every article and page is
  sanitised as soon as it is read, before anything else reads the body.
- Consent (consent.py): a story whose consent has expired, or whose scope
  leaves out the web, is withdrawn; a story that shows an image needs
  photo_consent: yes.
- Identifiers (identifiers.py, names.py, scan.py): people's names, phone
  numbers, dates of birth and the other HIPAA Safe Harbor identifiers, in
  every field that reaches the site, are errors in stories and warnings
  elsewhere, except each text listed in Phi_cleared by a clinician who is
  not an author (Phi_cleared_by).
- Files (media.py): paths in headers and links stay below content/, and a
  withdrawn story's images are not copied into the site.
- Rebuilds (cache.py): what sanitising and the identifier scan found is
  kept between builds, keyed by what it depends on, and reported again on
  every build.
- No tracking (policy.py): every page carries a Content Security Policy
  (theme/templates/includes/security_meta.html) and the output gets a
  `_headers` file with the same policy and the other privacy headers.

Settings and their defaults: settings.py.
"""

from pelican import signals

from . import signal_handlers as handle


def register():
    """Connect to Pelican's signals; content_model must be registered first."""
    signals.initialized.connect(handle.add_policy)
    signals.content_object_init.connect(handle.sanitise)
    signals.article_generator_pretaxonomy.connect(handle.protect_patients)
    signals.all_generators_finalized.connect(handle.leave_out_files)
    signals.finalized.connect(handle.write_headers)
    signals.finalized.connect(handle.save_results)
