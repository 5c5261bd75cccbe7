"""Hostile text pushed through every field: the built pages, parsed as a browser
parses them, hold no script, handler or javascript:/data: URL that came from content."""
from __future__ import annotations

import filecmp
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from briefing.cli import main
from briefing.load.frontmatter import parse_document
from briefing.engine import BuildOptions, build
from briefing.memo import digest

from .conftest import render, THEME, copy_theme

PAYLOADS = [
    "<script>alert('{m}')</script>",
    "\"><script>alert('{m}')</script>",
    "'><img src=x onerror=alert('{m}')>",
    "</title><script>alert('{m}')</script>",
    "</script><script>alert('{m}')</script>",
    "</textarea></style></noscript><svg onload=alert('{m}')>",
    "<a href=\"javascript:alert('{m}')\">{m}</a>",
    "<a href=\"jav&#x09;ascript:alert('{m}')\">{m}</a>",
    "<a href=\"  JaVaScRiPt:alert('{m}')\">{m}</a>",
    "<iframe src=\"javascript:alert('{m}')\"></iframe>",
    "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\" alt=\"{m}\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('{m}')>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('{m}')>\">",
    "<form action=\"javascript:alert('{m}')\"><button formaction=\"javascript:alert(1)\">{m}</button></form>",
    "<base href=\"javascript:alert('{m}')//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('{m}')\">",
    "<div style=\"background:url(javascript:alert('{m}'))\">{m}</div>",
    "<object data=\"javascript:alert('{m}')\"></object><embed src=\"javascript:alert(1)\">",
    "<details open ontoggle=alert('{m}')>{m}</details>",
    "<!--<script>alert('{m}')//-->",
    "<![CDATA[<script>alert('{m}')</script>]]>",
    "<scr<script>ipt>alert('{m}')</script>",
    "<link rel=import href=\"data:text/html,<script>alert('{m}')</script>\">",
    "{{{{ config }}}}{{% raw %}}{m}",
    "&lt;script&gt;alert('{m}')&lt;/script&gt;",
    "javascript:alert('{m}')",
]

# Every text field a template shows: (file, key path). Bodies are handled apart.
FIELDS = [
    ("site.yaml", ("title",)), ("site.yaml", ("country",)), ("site.yaml", ("description",)),
    ("site.yaml", ("topics", 0, "name")), ("site.yaml", ("topics", 0, "description")),
    ("seeds/wire-report.yaml", ("outlet",)), ("seeds/wire-report.yaml", ("origin",)),
    ("seeds/wire-report.yaml", ("title",)), ("seeds/wire-report.yaml", ("notes",)),
    ("content/actors/ana-silva.md", ("name",)), ("content/actors/ana-silva.md", ("role",)),
    ("content/actors/ana-silva.md", ("aliases", 0)),
    ("content/actors/ana-silva.md", ("misspellings", 0)),
    ("content/places/port-city.md", ("name",)), ("content/places/north.md", ("aliases", 0)),
    ("content/articles/port-deal.md", ("title",)), ("content/articles/port-deal.md", ("summary",)),
    ("content/articles/port-deal.md", ("claims", 0, "text")),
    ("content/articles/port-deal.md", ("claims", 0, "note")),
    ("content/events/port-talks.md", ("title",)), ("content/events/port-talks.md", ("summary",)),
    ("content/events/port-talks.md", ("actors", 0, "role")),
    ("content/events/border-clash.md", ("date_note",)),
    ("content/figures/deaths-2024.yaml", ("label",)), ("content/figures/deaths-2024.yaml", ("unit",)),
    ("content/figures/deaths-2024.yaml", ("scope",)), ("content/figures/deaths-2024.yaml", ("note",)),
    ("content/figures/population-2024.yaml", ("period",)),
    ("content/figures/population-2024.yaml", ("definition",)),
    ("content/pages/about.md", ("title",)), ("content/pages/about.md", ("description",)),
    ("content/topics/security.md", ("title",)),
]
BODIES = ["content/actors/ana-silva.md", "content/places/port-city.md",
          "content/articles/port-deal.md", "content/events/port-talks.md",
          "content/pages/about.md", "content/topics/security.md"]
# URLs that pass validation but carry quotes and script-like text into an href.
HOSTILE_URL = "https://news.example.com/x'onmouseover='alert(1)'#javascript:alert(1)"

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data",
                  "background", "cite", "ping", "srcset", "srcdoc"}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.I)
# Inline SVG is the site's own (charts and maps); inside it, scripts and handlers are banned too.
ALWAYS_BANNED = {"iframe", "object", "embed", "base", "form", "frame", "frameset", "applet",
                 "style", "math", "noscript", "template", "button", "textarea",
                 "foreignobject", "foreignObject", "animate", "set", "handler"}


def edit(root: Path, relative: str, change) -> None:
    """Apply `change(meta) -> body or None` to a file's metadata (and body), and write it back."""
    path = root / relative
    doc = parse_document(relative, path.read_text(), has_body=path.suffix == ".md")
    meta = doc.meta
    body = change(meta)
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    body = doc.body if body is None else body
    path.write_text(f"---\n{dumped}---\n{body}" if path.suffix == ".md" else dumped)


def set_at(meta, key: tuple, value: str) -> None:
    for part in key[:-1]:
        meta = meta[part]
    meta[key[-1]] = value


def hostile_copy(golden_copy: Path, payload: str) -> tuple[Path, dict[str, str]]:
    """The golden site with `payload` in every field, each marked so it can be found."""
    copy_theme(golden_copy)
    markers = {}
    for number, (relative, key) in enumerate(FIELDS):
        marker = f"XSS-F{number:02d}"
        markers[f"{relative}:{'.'.join(map(str, key))}"] = payload.format(m=marker)
        edit(golden_copy, relative, lambda meta: set_at(meta, key, payload.format(m=marker)))
    edit(golden_copy, "content/places/north.md", lambda meta: None)
    for number, relative in enumerate(BODIES):
        marker = f"XSS-B{number:02d}"
        edit(golden_copy, relative,
             lambda meta: f"Body text {marker}.\n\n{payload.format(m=marker)}\n\n"
                          f"A paragraph with {payload.format(m=marker)} inside.\n")
    edit(golden_copy, "seeds/wire-report.yaml", lambda meta: meta.update(url=HOSTILE_URL))
    return golden_copy, markers


def theme_search_form(node) -> bool:
    """The theme's own search box: a GET form to the site's search page, and its button."""
    if node.tag == "button":
        form = node.parent
        while form is not None and form.tag != "form":
            form = form.parent
        return node.attributes.get("type") == "submit" and form is not None and theme_search_form(form)
    attributes = node.attributes
    return (node.tag == "form" and attributes.get("role") == "search"
            and attributes.get("method") == "get"
            and re.fullmatch(r"(/[\w.-]+)*/search/", attributes.get("action") or "") is not None)


def assert_nothing_active(page: str, html: str) -> None:
    tree = LexborHTMLParser(html)
    for node in tree.root.traverse():
        tag = node.tag
        if tag.startswith("-"):  # text and comment nodes
            continue
        attributes = node.attributes
        assert tag not in ALWAYS_BANNED or theme_search_form(node), (page, tag, node.html[:200])
        if tag == "script" and attributes.get("src"):  # the theme's own scripts only
            assert re.fullmatch(r"(/[\w.-]+)*/static/[\w./-]+\.js", attributes["src"]), page
            assert not node.text(deep=True).strip(), (page, node.html[:200])
        elif tag == "script":
            assert attributes.get("type") == "application/ld+json", (page, node.html[:200])
            json.loads(node.text(deep=True))  # a '</script>' from content would cut it short
        if tag == "meta":
            assert "http-equiv" not in attributes, (page, node.html[:200])
        if tag == "link":
            assert attributes.get("rel") not in ("import", "preload", "modulepreload"), page
        for name, value in attributes.items():
            assert not name.lower().startswith("on"), (page, tag, name, value)
            if name.lower() in URL_ATTRIBUTES and value:
                cleaned = re.sub(r"[\s\x00-\x1f]", "", value)
                assert not BAD_SCHEME.match(cleaned), (page, tag, name, value)


def shown(pages: dict[str, str]) -> str:
    """All text and attribute values of every page, as a browser decodes them."""
    parts = []
    for html in pages.values():
        for node in LexborHTMLParser(html).root.traverse(include_text=True):
            if node.tag == "-text":
                parts.append(node.text_content or "")
            else:
                parts.extend(value or "" for value in node.attributes.values())
    return "\n".join(parts)


def assert_other_outputs_parse(files: dict[str, bytes]) -> None:
    """Feeds and data files must stay well formed, whatever the content holds."""
    for name, data in files.items():
        suffix = Path(name).suffix
        if suffix in (".xml", ".rss", ".atom"):
            for element in ElementTree.fromstring(data).iter():
                if element.get("type") in ("html", "xhtml") and element.text:
                    assert_nothing_active(name, element.text)
        elif suffix in (".json", ".jsonld", ".webmanifest"):
            document = json.loads(data)
            for item in document.get("items", []) if isinstance(document, dict) else []:
                assert_nothing_active(name, item.get("content_html", ""))


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"p{i:02d}" for i in range(len(PAYLOADS))])
def test_hostile_text_in_every_field_stays_text(golden_copy, payload):
    root, markers = hostile_copy(golden_copy, payload)
    files = render(BuildOptions(root=root)).files
    pages = {name: data.decode() for name, data in files.items() if name.endswith(".html")}
    for name, html in pages.items():
        assert_nothing_active(name, html)
    assert_other_outputs_parse(files)
    text = shown(pages)
    for field, value in markers.items():
        assert value.strip() in text, f"{field} is not shown as text"
    for number in range(len(BODIES)):
        assert f"Body text XSS-B{number:02d}." in text


def test_the_checker_sees_a_script_when_there_is_one():
    """The check above must be able to fail."""
    with pytest.raises(AssertionError):
        assert_nothing_active("x", "<p>a</p><script>alert(1)</script>")
    with pytest.raises(AssertionError):
        assert_nothing_active("x", '<a href=" java\tscript:alert(1)">a</a>')
    with pytest.raises(AssertionError):
        assert_nothing_active("x", '<img src="x" OnError="alert(1)">')
    with pytest.raises(AssertionError):
        assert_nothing_active("x", '<script src="https://evil.example/x.js"></script>')
    assert_nothing_active("x", '<script src="/testland/static/js/search.js"></script>')
    with pytest.raises(json.JSONDecodeError):
        assert_nothing_active("x", '<script type="application/ld+json">{"name": "</script>"}</script>')


@pytest.mark.parametrize("body, message", [
    ("[click](javascript:alert(1))", "link to 'javascript:alert(1)' is not allowed"),
    ("![x](data:image/svg+xml,<svg/onload=alert(1)>)", "link to 'data:image/svg+xml,<svg/onload=alert(1)>' is not allowed"),
    ("[x](vbscript:msgbox)", "link to 'vbscript:msgbox' is not allowed"),
])
def test_markdown_links_to_scripts_stop_the_build(golden_copy, tmp_path, capsys, body, message):
    page = golden_copy / "content" / "pages" / "about.md"
    page.write_text(page.read_text() + "\n" + body + "\n")
    output = tmp_path / "site"
    assert main(["build", "--root", str(golden_copy), "--theme", str(THEME), "--output", str(output)]) == 1
    assert message in capsys.readouterr().err
    assert not output.exists()


def test_a_body_cannot_take_an_id_the_page_uses(golden_copy, tmp_path):
    """'## Details' in an event, or raw <h2 id="main">, must not duplicate the page's own ids."""
    event = golden_copy / "content" / "events" / "port-talks.md"
    event.write_text(event.read_text() + '## Details\n\n<h2 id="main">Main</h2>\n\n## Background\n')
    output = tmp_path / "site"
    build(BuildOptions(root=golden_copy, theme=THEME, output=output))
    page = LexborHTMLParser((output / "events" / "port-talks" / "index.html").read_text())
    ids = [node.attributes["id"] for node in page.css("[id]")]
    assert len(ids) == len(set(ids)), ids
    assert {"details", "details-1", "main", "background"} <= set(ids)


def test_json_in_a_script_block_cannot_be_ended_by_a_title():
    """How JSON-LD is to be written in templates: `|tojson` escapes '<', '>' and '&'."""
    from briefing.render.environment import template_environment
    env = template_environment({"ld.html": '<script type="application/ld+json">'
                                           '{{ {"name": title}|tojson }}</script>'})
    title = "</script><script>alert(1)</script><!--"
    html = env.get_template("ld.html").render(title=title)
    scripts = LexborHTMLParser(html).css("script")
    assert len(scripts) == 1
    assert json.loads(scripts[0].text(deep=True)) == {"name": title}


def test_control_and_direction_characters_in_a_file_name_are_printed_escaped(golden_copy, capsys):
    """A name with a line break or a right-to-left override cannot forge a message line
    or make one name read as another: each such character is printed as an escape."""
    from briefing.cli import main
    name = "x\nfake.md:1: all good\u202edm.txt.md"
    (golden_copy / "content" / "events" / name).write_text("---\ntitle: [unclosed\n---\n")
    assert main(["build", "--root", str(golden_copy), "--output", str(golden_copy / "site")]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and lines[-1] == "build failed: 1 error"
    assert lines[0].startswith("content/events/x\\nfake.md:1: all good\\u202edm.txt.md:")


def test_a_static_file_too_big_to_publish_is_refused_unread(golden_copy, capsys, monkeypatch):
    """A file past GitHub's 100 MB limit is refused from its size, before it is read
    (a 2 GB file took 4.2 GB of memory). The limit is lowered here, not the file grown."""
    from briefing.cli import main
    from briefing.load import files
    monkeypatch.setattr(files, "MAX_STATIC_BYTES", 3 * 1024 * 1024)
    (golden_copy / "static").mkdir()
    (golden_copy / "static" / "video.mp4").write_bytes(b"\0" * 5 * 1024 * 1024)
    reads = []
    from briefing.load import reader
    original = reader.Reader.read_bytes

    def counting(self, path, limited=True):
        reads.append(path.name)
        return original(self, path, limited)

    monkeypatch.setattr(reader.Reader, "read_bytes", counting)
    assert main(["build", "--root", str(golden_copy), "--output", str(golden_copy / "site")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("static/video.mp4: refused: 5 MB is more than GitHub Pages publishes")
    assert "video.mp4" not in reads


def test_a_large_static_file_is_copied_as_a_stream_never_held_or_cached(golden_copy, capsys):
    """A 60 MB file in static/ is published byte for byte without being read into memory
    (the peak of what Python allocates stays far below its size), keeps nothing of it
    in the caches, and draws a warning past GitHub's 50 MB."""
    import tracemalloc
    from briefing.cli import main
    (golden_copy / "static").mkdir()
    video = golden_copy / "static" / "video.mp4"
    block = bytes(range(256)) * 4096  # 1 MB
    with video.open("wb") as stream:
        for number in range(60):
            stream.write(number.to_bytes(4, "big") + block[4:])
    output = golden_copy / "site"
    tracemalloc.start()
    try:
        assert main(["build", "--root", str(golden_copy), "--output", str(output),
                     "--no-search"]) == 0
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 30 * 1024 * 1024, peak
    assert filecmp.cmp(video, output / "static" / "video.mp4", shallow=False)
    cached = sum(p.stat().st_size for p in (golden_copy / ".cache").rglob("*") if p.is_file())
    assert cached < 10 * 1024 * 1024, cached
    err = capsys.readouterr().err
    assert ("static/video.mp4: warning: 60 MB; GitHub warns about files over 50 MB" in err)
    # A build with the file unchanged copies nothing again and warns again.
    assert main(["build", "--root", str(golden_copy), "--output", str(output),
                 "--no-search"]) == 0
    assert "static/video.mp4: warning: 60 MB" in capsys.readouterr().err


def test_a_static_file_changed_after_it_was_read_is_not_published(golden_copy, tmp_path):
    """The write stage copies what load vouched for, or nothing: a file whose bytes no
    longer match the digest load took (so were never checked for script) fails the build."""
    from briefing.errors import BuildFailed
    from briefing.vocabulary import StaticSource
    from briefing.write.output import copy_checked
    original = tmp_path / "logo.svg"
    original.write_text("<svg/>")
    load = StaticSource(str(original), "static/logo.svg", 6, digest(b"<svg/>"))
    original.write_text('<svg onload="alert(1)"/>')
    with (tmp_path / "copy").open("wb") as stream, pytest.raises(BuildFailed) as failure:
        copy_checked(load, stream)
    assert str(failure.value) == ("static/logo.svg: changed while the site was being built; "
                                  "build again")
