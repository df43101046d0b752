"""The schema.org things several pages share: people, the clinic, images."""

import re

CONTEXT = "https://schema.org"


def compact(data):
    """`data` without the properties that have no value, so none is written empty."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


_SPACES = re.compile(r"[ \t\r\n]+")


def text(value):
    """A header field as the page shows it: text, with runs of spaces made one."""
    return _SPACES.sub(" ", str(value or "")).strip()


def clinic_id(site):
    """The node id the clinic is referred to by on every page."""
    return site.url() + "#clinic"


def person(clinician, site):
    """A clinician as a schema.org Person: credentials apart from the name."""
    return compact({
        "@type": "Person",
        "name": clinician.name,
        "honorificSuffix": clinician.credentials,
        "jobTitle": clinician.role,
        "url": site.url(clinician.url),
    })


def postal_address(clinic):
    """The clinic's address from the CLINIC setting."""
    return compact({
        "@type": "PostalAddress",
        "streetAddress": clinic.get("street"),
        "addressLocality": clinic.get("city"),
        "addressRegion": clinic.get("region"),
        "postalCode": clinic.get("postal_code"),
        "addressCountry": clinic.get("country"),
    })


def clinic(site):
    """The clinic as a MedicalClinic: the publisher of every article."""
    facts = site.clinic
    logo = site.logo_url
    return compact({
        "@type": "MedicalClinic",
        "@id": clinic_id(site),
        "name": facts.get("name") or site.name,
        "url": site.url(),
        "logo": compact({"@type": "ImageObject", "url": logo, "width": facts.get("logo_width"),
                         "height": facts.get("logo_height")}) if logo else None,
        "address": postal_address(facts),
        "telephone": facts.get("telephone"),
        "email": facts.get("email"),
    })


def card_image(card, site):
    """The article's share card as an ImageObject, or None when it has none."""
    if not card:
        return None
    url = card.get("url", "")
    return compact({
        "@type": "ImageObject",
        "url": url if url.startswith(("https://", "http://")) else site.url(url),
        "width": card.get("width"),
        "height": card.get("height"),
        "encodingFormat": card.get("type"),
        "caption": card.get("alt"),
    })
