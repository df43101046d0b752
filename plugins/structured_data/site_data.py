"""JSON-LD for pages other than articles: the home page and clinician pages."""

from .things import CONTEXT, clinic, clinic_id, compact, person


def home(site):
    """The home page: the WebSite, and the MedicalClinic that runs it."""
    website = compact({
        "@context": CONTEXT,
        "@type": "WebSite",
        "@id": site.url() + "#website",
        "name": site.name,
        "url": site.url(),
        "description": site.description,
        "inLanguage": site.lang,
        "publisher": {"@id": clinic_id(site)},
    })
    organisation = clinic(site)
    # Listings of local clinics show a picture; the logo is the one it has.
    organisation["image"] = organisation.get("logo", {}).get("url")
    return [website, compact({"@context": CONTEXT, **organisation})]


def clinician_profile(clinician, site):
    """A clinician's page: a ProfilePage about the clinician as a Person."""
    about = compact({
        **person(clinician, site),
        # The published photo (the images plugin's), never the uploaded file.
        "image": _portrait_url(clinician, site),
        "worksFor": {"@id": clinic_id(site)},
        "description": clinician.bio,
        "knowsAbout": clinician.specialty,
    })
    return [compact({
        "@context": CONTEXT,
        "@type": "ProfilePage",
        "url": site.url(clinician.url),
        "name": clinician.display,
        "inLanguage": site.lang,
        "mainEntity": about,
    })]


def _portrait_url(clinician, site):
    """The address of the clinician's largest published photo, or None."""
    portrait = getattr(clinician, "portrait", None)
    return portrait.largest(site.siteurl) if portrait else None
