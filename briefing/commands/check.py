"""Check a built site: internal links and anchors resolve, pages are well formed."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


@dataclass
class PageFacts:
    """What the checker needs to know about one HTML page."""

    links: list[tuple[str, int]] = field(default_factory=list)  # (url, line)
    ids: set[str] = field(default_factory=set)
    lang: str | None = None
    title: str = ""
    h1_count: int = 0
    canonical: str = ""  # <link rel="canonical">: the page's address as built
    images_without_alt: list[int] = field(default_factory=list)


class _FactParser(HTMLParser):
    LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src",
                       "source": "src", "iframe": "src", "form": "action"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self._in_title = False

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        line = self.getpos()[0]
        if values.get("id"):
            self.facts.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.facts.ids.add(values["name"])
        if tag == "html":
            self.facts.lang = values.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self.facts.h1_count += 1
        elif tag == "img" and values.get("alt") is None:
            self.facts.images_without_alt.append(line)
        if tag == "link" and "canonical" in (values.get("rel") or "").split():
            self.facts.canonical = values.get("href") or ""
        attribute = self.LINK_ATTRIBUTES.get(tag)
        if attribute and values.get(attribute):
            self.facts.links.append((values[attribute], line))

    def handle_endtag(self, tag) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data) -> None:
        if self._in_title:
            self.facts.title += data


def page_facts(html: str) -> PageFacts:
    parser = _FactParser()
    parser.feed(html)
    parser.close()
    return parser.facts


def _target_file(site: Path, path: str) -> Path | None:
    """The file a URL path is served from, the way GitHub Pages does it."""
    candidate = site / path.lstrip("/")
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    if candidate.is_file():
        return candidate
    html = candidate.with_name(candidate.name + ".html")
    return html if html.is_file() else None


def built_base_url(site: Path) -> str:
    """The base URL a site was built with: its home page's canonical address ('' if
    the home page does not say)."""
    try:
        return page_facts((site / "index.html").read_text(encoding="utf-8")).canonical
    except OSError:
        return ""


def check_site(site: Path, base_url: str) -> list[str]:
    """Every problem found in a built site, as 'page:line: message' lines."""
    base = urlsplit(base_url)
    base_path = base.path if base.path.endswith("/") else base.path + "/"
    pages = sorted(site.rglob("*.html"))
    facts = {page: page_facts(page.read_text(encoding="utf-8")) for page in pages}
    problems = []
    for page, info in facts.items():
        name = page.relative_to(site).as_posix()
        problems += _page_problems(name, info)
        for url, line in info.links:
            message = _link_problem(site, page, url, base, base_path, facts)
            if message:
                problems.append(f"{name}:{line}: {message}")
    return problems


def _page_problems(name: str, info: PageFacts) -> list[str]:
    problems = []
    if not info.lang:
        problems.append(f"{name}:1: the <html> element has no lang attribute")
    if not info.title.strip():
        problems.append(f"{name}:1: the page has no <title>")
    if info.h1_count != 1 and name != "404.html" or name == "404.html" and info.h1_count > 1:
        problems.append(f"{name}:1: the page has {info.h1_count} <h1> elements (expected one)")
    for line in info.images_without_alt:
        problems.append(f"{name}:{line}: image without alt text")
    return problems


def _link_problem(site: Path, page: Path, url: str, base, base_path: str,
                  facts: dict[Path, PageFacts]) -> str | None:
    page_url = base_path + page.relative_to(site).as_posix()
    parts = urlsplit(urljoin(page_url, url))
    if parts.scheme in ("mailto", "tel", "data"):
        return None
    if parts.netloc and parts.netloc != base.netloc:
        return None  # another host: not ours to check
    path = unquote(parts.path)
    if not path.startswith(base_path):
        return f"link '{url}' leaves the site's base path {base_path}"
    target = _target_file(site, path[len(base_path):])
    if target is None:
        return f"broken link '{url}': no page at {path}"
    return _anchor_problem(url, target, parts.fragment, facts)


def _anchor_problem(url: str, target: Path, fragment: str,
                    facts: dict[Path, PageFacts]) -> str | None:
    if not fragment or target not in facts:
        return None
    if unquote(fragment) not in facts[target].ids:
        return f"broken anchor '{url}': no id '{fragment}' on that page"
    return None
