"""The files GitHub Pages and crawlers look for: sitemap.xml, robots.txt,
.nojekyll and CNAME."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from ..vocabulary import SiteConfig
from ..plan.contexts import SitemapContext
from ..plan import Urls

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(context: SitemapContext, config: SiteConfig, urls: Urls) -> bytes:
    """Every page but the 404 page, by absolute URL."""
    root = ET.Element("urlset", xmlns=SITEMAP_NS)
    for url in context.urls:
        ET.SubElement(ET.SubElement(root, "url"), "loc").text = urls.absolute(urls.link(url))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(context, config: SiteConfig, urls: Urls) -> bytes:
    # Crawlers read robots.txt only at a host's root: on a project site
    # (user.github.io/repo/) this file is advisory, but it names the sitemap.
    return (f"User-agent: *\nAllow: /\n\n"
            f"Sitemap: {urls.absolute(urls.link('sitemap.xml'))}\n").encode("utf-8")


def nojekyll(context, config: SiteConfig, urls: Urls) -> bytes:
    return b""  # serve the files as they are: no Jekyll build on GitHub Pages


def cname(context, config: SiteConfig, urls: Urls) -> bytes:
    return f"{config.cname}\n".encode("ascii")
