"""What the preview serves: a file of the preview folder under the site's base path,
a redirect, or a refusal; and each page with the preview's script."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SCRIPT_TAG = b'<script src="/_preview/preview.js" defer></script>\n'
PLACEHOLDER = (b'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
               b"<title>Briefing preview</title>\n</head>\n<body>\n<p>Nothing has been built "
               b"here yet.</p>\n</body>\n</html>\n")


@dataclass(frozen=True)
class Found:
    file: Path
    name: str  # below the preview folder: 'events/x/index.html'


@dataclass(frozen=True)
class Redirect:
    location: str


class Missing:
    pass


class Refused:
    pass


class PreviewFolder:
    """The preview folder, answered the way GitHub Pages answers a site: under the
    base path, 'x/' as 'x/index.html', 'x' redirected to 'x/', else 404.html."""

    def __init__(self, folder: Path, base_path: str):
        self.folder = Path(os.path.realpath(folder))
        self.base_path = base_path

    def locate(self, url_path: str) -> Found | Redirect | Missing | Refused:
        base = self.base_path
        if not url_path.startswith(base):
            return Redirect(base) if url_path in ("/", base.rstrip("/")) else Missing()
        relative = url_path[len(base):]
        try:
            resolved = self._resolve(self.folder / relative)
            if resolved is not None and resolved.is_dir():
                if relative and not relative.endswith("/"):
                    return Redirect(url_path + "/")
                resolved = self._resolve(resolved / "index.html")
        except (OSError, ValueError):  # a NUL byte, a name too long
            return Refused()
        if resolved is None:
            return Refused()
        if not resolved.is_file():
            return Missing()
        return Found(resolved, resolved.relative_to(self.folder).as_posix())

    def _resolve(self, path: Path) -> Path | None:
        """The real path, if it lies inside the folder: not for '..', an absolute
        path or a symlink leading out."""
        resolved = Path(os.path.realpath(path))
        if resolved == self.folder or self.folder in resolved.parents:
            return resolved
        return None

    def page_name(self, url_path: str) -> str | None:
        """The output file a page at this URL path shows; None for a redirect."""
        found = self.locate(url_path)
        if isinstance(found, Found):
            return found.name
        if isinstance(found, Redirect):
            return None
        return "404.html"


def with_preview_script(html: bytes) -> bytes:
    for marker in (b"</head>", b"</body>"):
        at = html.find(marker)
        if at >= 0:
            return html[:at] + SCRIPT_TAG + html[at:]
    return html + SCRIPT_TAG


