"""The text of sitemap.xml and robots.txt."""

import xml.etree.ElementTree as ET

from clinic import dates

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_xml(entries):
    """A sitemap (sitemaps.org 0.9) from (absolute URL, lastmod or None) pairs, sorted by URL."""
    urlset = ET.Element("urlset", xmlns=NAMESPACE)
    for loc, lastmod in sorted(entries, key=lambda entry: entry[0]):
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = loc
        if lastmod is not None:
            ET.SubElement(url, "lastmod").text = dates.iso(lastmod)
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(sitemap_url):
    """robots.txt letting every crawler in and pointing them to the sitemap.

    Pages that must stay out of search results say so themselves with a
    robots "noindex" meta tag, which crawlers can only read if allowed in.
    """
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"
