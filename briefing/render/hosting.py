"""The files GitHub Pages and crawlers look for: sitemap.xml, robots.txt,
.nojekyll and CNAME."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from ..plan.pages import NOT_FOUND, PlannedPage

if TYPE_CHECKING:
    from ..model.schema import Site
    from .pages import EditionRenderer as Renderer

SITEMAP_PATH = "sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(pages: list[PlannedPage], urls: Renderer) -> bytes:
    """Every page but the 404 page, by absolute URL."""
    root = ET.Element("urlset", xmlns=SITEMAP_NS)
    for page in sorted(pages, key=lambda p: p.url):
        if page.url != NOT_FOUND:
            ET.SubElement(ET.SubElement(root, "url"), "loc").text = urls.absolute(urls.link(page.url))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(urls: Renderer) -> bytes:
    # Crawlers read robots.txt only at a host's root: on a project site
    # (user.github.io/repo/) this file is advisory, but it names the sitemap.
    return (f"User-agent: *\nAllow: /\n\n"
            f"Sitemap: {urls.absolute(urls.link(SITEMAP_PATH))}\n").encode("utf-8")


def hosting_files(site: Site, pages: list[PlannedPage], urls: Renderer) -> dict[str, bytes]:
    files = {
        SITEMAP_PATH: sitemap(pages, urls),
        "robots.txt": robots(urls),
        ".nojekyll": b"",  # serve the files as they are: no Jekyll build on GitHub Pages
    }
    if site.config.cname:
        files["CNAME"] = f"{site.config.cname}\n".encode("ascii")
    return files
