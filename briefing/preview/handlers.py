"""The preview's Tornado handlers: pages, scripts, status and WebSockets, each
answering only an allowed host name (and, for sockets, the same origin)."""
from __future__ import annotations

import json
import mimetypes
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from livereload.handlers import LiveReloadJSHandler
from tornado import web, websocket

from .served import PLACEHOLDER, Found, PreviewFolder, Redirect, Refused, with_preview_script


class Preview(Protocol):
    """What the handlers use of the running preview (serve.Preview), named here so
    that this module need not import the one that imports it."""

    site: PreviewFolder
    state: Any  # serve.BuildState
    queue: Any  # serve.ChangeQueue
    reload_sockets: set
    state_sockets: set

    def host_allowed(self, host: str) -> bool: ...


LIVERELOAD_PROTOCOL = "http://livereload.com/protocols/official-7"
PREVIEW_SCRIPT = Path(__file__).with_name("preview.js")
MAX_REQUEST_BODY = 64 * 1024


class HostGuard:
    """For handlers and sockets: keeps the Preview, refuses other host names."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def prepare(self) -> None:
        if not self.preview.host_allowed(self.request.host):
            raise web.HTTPError(403, "host not allowed")


class GuardedHandler(HostGuard, web.RequestHandler):
    """Answers only requests addressed to an allowed host name, and never caches."""

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")


class SiteHandler(GuardedHandler):
    def head(self) -> None:
        """As GET, with the headers alone (Tornado sends no body for HEAD)."""
        self.get()

    def get(self) -> None:
        found = self.preview.site.locate(unquote(self.request.path))
        if isinstance(found, Redirect):
            self.redirect(found.location)
        elif isinstance(found, Refused):
            self.send_error(403)
        elif isinstance(found, Found):
            self.send_file(200, found.file)
        else:
            self.send_file(404, self.preview.site.folder / "404.html")

    def send_file(self, status: int, file: Path) -> None:
        try:
            data = file.read_bytes()
        except OSError:  # removed since it was found, or the site is not built yet
            status, data, file = 404, PLACEHOLDER, Path("placeholder.html")
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = with_preview_script(data)
            kind += "; charset=utf-8"
        self.set_status(status)
        self.set_header("Content-Type", kind)
        self.finish(data)


class LiveReloadScript(GuardedHandler, LiveReloadJSHandler):
    """livereload.js, as the livereload package serves it."""


class PreviewScript(GuardedHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.finish(PREVIEW_SCRIPT.read_bytes())


class StatusHandler(GuardedHandler):
    """The build state as JSON, with the number of builds so far: for tools and tests."""

    def get(self) -> None:
        self.finish({**self.preview.state.as_json(), "busy": self.preview.queue.busy(),
                     "base_path": self.preview.site.base_path,
                     "pages": len(self.preview.reload_sockets)})


class GuardedSocket(HostGuard, websocket.WebSocketHandler):
    """A WebSocket that refuses other origins and other host names."""

    def check_origin(self, origin: str) -> bool:
        return urlsplit(origin).netloc.lower() == self.request.host.lower()

    def send(self, message: dict) -> None:
        try:
            self.write_message(message)
        except websocket.WebSocketClosedError:
            self.on_close()


class LiveReloadSocket(GuardedSocket):
    """The server side of the livereload protocol that livereload.js speaks."""

    page_path = ""

    def on_message(self, message: str | bytes) -> None:
        try:
            command = json.loads(message)
        except ValueError:
            command = None
        if not isinstance(command, dict):
            self.close()
        elif command.get("command") == "hello":
            self.send({"command": "hello", "protocols": [LIVERELOAD_PROTOCOL],
                       "serverName": "briefing"})
        elif command.get("command") == "info":
            self.page_path = unquote(urlsplit(str(command.get("url", ""))).path)
            self.preview.reload_sockets.add(self)

    def reload(self, paths: list[str]) -> None:
        for path in paths:
            self.send({"command": "reload", "path": path, "liveCSS": True, "liveImg": True})

    def on_close(self) -> None:
        self.preview.reload_sockets.discard(self)


class StateSocket(GuardedSocket):
    """Sends the build state when a page connects and after every build."""

    def open(self) -> None:
        self.preview.state_sockets.add(self)
        self.send(self.preview.state.as_json())

    def on_message(self, message: str | bytes) -> None:
        pass

    def on_close(self) -> None:
        self.preview.state_sockets.discard(self)


