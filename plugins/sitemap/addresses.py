"""Every page's one address, shared by its canonical link and its sitemap entry."""

INDEX_FILE = "index.html"


def page_path(output_file):
    """The URL path of a written file: "myths/x/index.html" gives "myths/x/".

    Web servers answer a folder's address with its index.html, so that file
    is never part of the address people see and link to.
    """
    path = str(output_file).replace("\\", "/")
    if path == INDEX_FILE:
        return ""
    if path.endswith("/" + INDEX_FILE):
        return path[: -len(INDEX_FILE)]
    return path


def page_url(siteurl, output_file):
    """The page's address below `siteurl` ("" in a preview build: root-relative)."""
    return f"{siteurl.rstrip('/')}/{page_path(output_file)}"


def site_root(siteurl, preview_siteurl):
    """The site's absolute address: SITEURL, or the preview server's when it has none."""
    if siteurl.startswith(("https://", "http://")):
        return siteurl.rstrip("/")
    return preview_siteurl.rstrip("/") + siteurl.rstrip("/")
