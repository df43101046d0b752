"""The site-wide facts structured data needs, read from the settings."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Site:
    """The site's address, names and clinic, and how to make absolute URLs."""

    siteurl: str
    name: str
    description: str
    lang: str
    clinic: dict
    home_file: str

    @classmethod
    def from_settings(cls, settings):
        """Read the facts from Pelican's settings, or a template context holding them."""
        return cls(
            siteurl=settings.get("SITEURL", "").rstrip("/"),
            name=settings.get("SITENAME", ""),
            description=settings.get("SITESUBTITLE", ""),
            lang=settings.get("DEFAULT_LANG", "en"),
            clinic=dict(settings.get("CLINIC") or {}),
            home_file=settings.get("INDEX_SAVE_AS", "index.html"),
        )

    def url(self, path=""):
        """The address of `path` (relative to the site root) under SITEURL."""
        return f"{self.siteurl}/{str(path).lstrip('/')}"

    @property
    def logo_url(self):
        """The clinic's logo: CLINIC["logo"] is a site-relative URL, or a full one."""
        logo = self.clinic.get("logo", "")
        if not logo or logo.startswith(("https://", "http://")):
            return logo
        return self.url(logo)
