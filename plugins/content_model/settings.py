"""The content model's settings and their defaults, read in this one place.

CLINICIANS_FILE   path of the clinician registry, relative to PATH ("clinicians.yml")
REVIEW_INTERVAL   months from a review to the next one due (12)
CLINIC_STRICT     fail the build on any error; publishconf.py sets it (False)
"""

DEFAULTS = {
    "CLINICIANS_FILE": "clinicians.yml",
    "REVIEW_INTERVAL": 12,
    "CLINIC_STRICT": False,
}


def get(settings, name):
    """The setting `name`, or its documented default."""
    return settings.get(name, DEFAULTS[name])
