"""A loopback web server that serves a built site the way GitHub Pages serves a
project site: under a path prefix, 'x/' as 'x/index.html', 'x' redirected to
'x/', and 404.html (with status 404) for anything missing; gzip-compressed when
asked to (`compress=True`) and the client accepts it."""
from __future__ import annotations

import gzip
import mimetypes
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


def _handler(site: Path, prefix: str, compress: bool):
    root = site.resolve()

    class PagesHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server name)
            path = unquote(urlsplit(self.path).path)
            target = self.resolve(path)
            if target is None:
                return self.send_file(404, root / "404.html")
            if target.is_dir():
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return None
            return self.send_file(200, target)

        def resolve(self, path: str) -> Path | None:
            if not path.startswith(prefix):
                return None
            target = (root / path[len(prefix):]).resolve()
            if target != root and root not in target.parents:
                return None
            if path.endswith("/"):
                target = target / "index.html"
            return target if target.exists() else None

        def send_file(self, status: int, file: Path) -> None:
            body = file.read_bytes()
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            self.send_response(status)
            if compress and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, mtime=0)
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    return PagesHandler


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that hangs up on a request it no longer needs is no error."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class PagesServer:
    """Serves `site` at http://127.0.0.1:<port><prefix> in a background thread."""

    def __init__(self, site: Path, prefix: str, compress: bool = False):
        self.server = _Server(("127.0.0.1", 0), _handler(site, prefix, compress))
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> PagesServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
