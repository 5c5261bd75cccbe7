"""The live preview: `python build.py serve`.

Builds with drafts into its own folder (never site/), serves it under the
site's base path exactly as it will be published, and keeps it current:

    watchdog file events on the inputs
      -> ChangeQueue: a burst of saves becomes one batch
      -> builder thread: Rebuilder.rebuild(batch) updates the preview folder
      -> IOLoop: each open page is told what to reload (livereload.js protocol:
         only the pages whose file changed reload; a stylesheet is swapped in
         place), and every page gets the build state (our preview.js shows the
         errors of a failed build over the page, and removes them once fixed)

python-livereload's own server only watches while a browser is connected and
polls every 800 ms; we keep its browser side (livereload.js and the handler
that serves it) and do the watching, building and notifying here.

Safe by default: it binds to loopback, answers only to loopback host names
then (against DNS rebinding), never serves a file outside the preview folder
(symlinks resolved), and its WebSockets refuse other origins.
"""
from __future__ import annotations

import asyncio
import signal
import sys
import threading
import time
import traceback
import webbrowser
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from tornado import httpserver, netutil, web
from tornado.ioloop import IOLoop

from ..engine import BuildOptions
from ..errors import BuildFailed, Problem
from ..load import load_config
from ..plan import STATIC_PREFIX
from ..vocabulary import normalise_base_url
from .handlers import (MAX_REQUEST_BODY, LiveReloadScript, LiveReloadSocket, PreviewScript,
                       SiteHandler, StateSocket, StatusHandler)
from .rebuild import RebuildResult, Rebuilder
from .served import PreviewFolder
from .watch import ChangeQueue, InputWatcher

PREVIEW_FOLDER = Path(".cache") / "preview"
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
ANY_ADDRESS = frozenset({"0.0.0.0", "::", ""})


def preview_options(options: BuildOptions) -> BuildOptions:
    """The build a preview makes: with drafts, into its own folder, file by file."""
    return replace(options, output=options.root / PREVIEW_FOLDER, drafts=True, force=False,
                   in_place=True)


# The server -----------------------------------------------------------------


@dataclass(frozen=True)
class BuildState:
    """What /_preview/state and /_preview/status report; replaced on the IOLoop only."""

    builds: int = 0
    problems: tuple[Problem, ...] = ()
    changed: int = 0
    seconds: float = 0.0

    def as_json(self) -> dict:
        return {"builds": self.builds, "problems": [str(p) for p in self.problems],
                "changed": self.changed, "seconds": round(self.seconds, 4)}


class Preview:
    """Builds, watches and serves; the IOLoop thread owns the state and the sockets."""

    def __init__(self, options: BuildOptions, rebuilder: Rebuilder, host: str):
        self.options = options
        self.rebuilder = rebuilder
        self.allowed_hosts = None if host in ANY_ADDRESS else LOOPBACK_NAMES | {host.lower()}
        self.site = PreviewFolder(options.output_dir, _configured_base_path(options))
        self.state = BuildState()
        self.queue = ChangeQueue()
        self.reload_sockets: set[LiveReloadSocket] = set()
        self.state_sockets: set[StateSocket] = set()
        self.loop: IOLoop | None = None

    # Building (the first build on the main thread, then on the builder thread)

    def build(self, changed: Collection[Path]) -> tuple[RebuildResult, float]:
        started = time.perf_counter()
        try:
            result = self.rebuilder.rebuild(changed)
        except Exception as error:  # a bug rather than a mistake in the content: keep serving
            traceback.print_exc()
            result = RebuildResult(problems=(Problem(
                "briefing", 0, f"internal error: {type(error).__name__}: {error} "
                               "(the traceback is in the terminal)"),))
        seconds = time.perf_counter() - started
        _report([self.shown(path) for path in changed], result, seconds)
        return result, seconds

    def shown(self, path: Path) -> str:
        """An input file's path as messages give it: relative to its folder."""
        for top in (self.options.root, self.options.theme or self.options.root):
            if top.resolve() in path.parents:
                return path.relative_to(top.resolve()).as_posix()
        return str(path)

    def build_forever(self) -> None:
        while (batch := self.queue.next_batch()) is not None:
            result, seconds = self.build(sorted(batch))
            self.loop.add_callback(self.publish, result, seconds)

    def publish(self, result: RebuildResult, seconds: float) -> None:
        """Record a finished build and tell the open pages."""
        self.state = BuildState(self.state.builds + 1, result.problems,
                                len(result.changed_outputs), seconds)
        self.queue.published()
        if result.base_path:
            self.site.base_path = result.base_path
        changed = frozenset(result.changed_outputs)
        for socket in list(self.reload_sockets):
            socket.reload(self.reload_paths(socket.page_path, changed))
        message = self.state.as_json()
        for socket in list(self.state_sockets):
            socket.send(message)

    def reload_paths(self, page_path: str, changed: frozenset[str]) -> list[str]:
        """What the page at `page_path` reloads: itself if its file changed, else the
        static files it may use (livereload.js swaps a stylesheet or image in place)."""
        if not changed:
            return []
        if self.site.page_name(page_path) in changed:
            return [page_path]
        return [self.site.base_path + name for name in sorted(changed)
                if name.startswith(STATIC_PREFIX)]

    def host_allowed(self, host_header: str) -> bool:
        if self.allowed_hosts is None:
            return True
        host = urlsplit("//" + host_header).hostname or ""
        return host in self.allowed_hosts

    # Serving

    def application(self) -> web.Application:
        context = {"preview": self}
        return web.Application([
            (r"/livereload", LiveReloadSocket, context),
            (r"/livereload\.js", LiveReloadScript, context),
            (r"/_preview/preview\.js", PreviewScript, context),
            (r"/_preview/state", StateSocket, context),
            (r"/_preview/status", StatusHandler, context),
            (r"/.*", SiteHandler, context),
        ], websocket_max_message_size=64 * 1024, log_function=lambda handler: None)

    async def run(self, sockets: list, host: str, open_browser: bool) -> None:
        self.loop = IOLoop.current()
        # The preview takes no request bodies: a large one is refused before it is read.
        server = httpserver.HTTPServer(self.application(), max_body_size=MAX_REQUEST_BODY,
                                       max_buffer_size=MAX_REQUEST_BODY)
        server.add_sockets(sockets)
        url = _display_url(host, sockets[0].getsockname()[1], self.site.base_path)
        watcher = InputWatcher(self.options.root, self.options.theme, self.queue)
        watcher.start()
        threading.Thread(target=self.build_forever, name="preview-builder", daemon=True).start()
        print(f"previewing at {url} with drafts, from {self.site.folder} "
              "(Ctrl-C stops)", flush=True)
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        stop = asyncio.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            asyncio.get_running_loop().add_signal_handler(signum, stop.set)
        try:
            await stop.wait()
        finally:
            watcher.stop()
            self.queue.close()
            server.stop()


# Helpers --------------------------------------------------------------------


def _configured_base_path(options: BuildOptions) -> str:
    """Where the site will be served until a build says otherwise."""
    try:
        if options.base_url:
            return urlsplit(normalise_base_url(options.base_url)).path
        return load_config(options.root).base_path
    except (BuildFailed, ValueError):
        return "/"


def _display_url(host: str, port: int, base_path: str) -> str:
    if host in ANY_ADDRESS:
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}{base_path}"


def _report(changed: Collection[str], result: RebuildResult, seconds: float) -> None:
    cause = ""
    if changed:
        names = sorted(changed)
        cause = f" after {names[0]}" + (f" and {len(names) - 1} more" if len(names) > 1 else "")
    if result.ok:
        count = len(result.changed_outputs)
        print(f"built{cause} in {seconds:.2f} s: {count} file{'s' if count != 1 else ''} "
              "changed", flush=True)
        return
    for problem in result.problems:
        print(problem, file=sys.stderr)
    count = len(result.problems)
    print(f"build{cause} failed: {count} error{'s' if count != 1 else ''}; the open pages "
          f"show {'it' if count == 1 else 'them'} over the last good build",
          file=sys.stderr, flush=True)


def serve(options: BuildOptions, host: str = "127.0.0.1", port: int = 8000,
          open_browser: bool = False) -> int:
    """Build with drafts, serve with live reload until interrupted."""
    options = preview_options(options)
    try:
        sockets = netutil.bind_sockets(port, host)
    except OSError as error:
        print(f"cannot listen on {host} port {port}: {error.strerror} (choose another --port)",
              file=sys.stderr)
        return 1
    preview = Preview(options, Rebuilder(options), host)
    try:
        result, seconds = preview.build(())
    except KeyboardInterrupt:
        print("preview stopped", flush=True)
        return 130
    preview.publish(result, seconds)
    asyncio.run(preview.run(sockets, host, open_browser))
    print("preview stopped", flush=True)
    return 0
