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
import json
import mimetypes
import os
import re
import signal
import sys
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from livereload.handlers import LiveReloadJSHandler
from tornado import httpserver, netutil, web, websocket
from tornado.ioloop import IOLoop
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ..caches import Caches
from ..engine import BuildOptions, BuildReport, build
from ..errors import BuildFailed, Problem
from ..kinds import CONFIG_FILE, CONTENT_INPUTS, DEFAULT_THEME, THEME_INPUTS
from ..load import is_ignored, load_config, theme_folders
from ..vocabulary import normalise_base_url
from ..plan.urls import STATIC_PREFIX
from ..write import MARKER

PREVIEW_FOLDER = Path(".cache") / "preview"
CONTENT_FOLDERS = tuple(name for name in CONTENT_INPUTS if name != CONFIG_FILE)  # below the briefing folder
THEME_FOLDERS = THEME_INPUTS  # below the briefing folder, and below a theme given by --theme
QUIET_SECONDS = 0.15  # a batch of changes ends after this long without a new one...
LONGEST_BATCH_SECONDS = 2.0  # ...or after this long in all, so a constant writer cannot starve it
CHANGE_EVENTS = frozenset({"created", "modified", "deleted", "moved"})  # not opened/closed: builds read
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
ANY_ADDRESS = frozenset({"0.0.0.0", "::", ""})
LIVERELOAD_PROTOCOL = "http://livereload.com/protocols/official-7"
PREVIEW_SCRIPT = Path(__file__).with_name("preview.js")
SCRIPT_TAG = b'<script src="/_preview/preview.js" defer></script>\n'
PLACEHOLDER = (b'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
               b"<title>Briefing preview</title>\n</head>\n<body>\n<p>Nothing has been built "
               b"here yet.</p>\n</body>\n</html>\n")


def preview_options(options: BuildOptions) -> BuildOptions:
    """The build a preview makes: with drafts, into its own folder, file by file."""
    return replace(options, output=options.root / PREVIEW_FOLDER, drafts=True, force=False,
                   in_place=True)


# Building -------------------------------------------------------------------


@dataclass(frozen=True)
class RebuildResult:
    changed_outputs: tuple[str, ...] = ()  # output files written or removed, e.g. 'events/x/index.html'
    problems: tuple[Problem, ...] = ()  # empty when the build succeeded
    base_path: str = ""  # the site's path prefix ('/briefing/'); '' when the build failed
    report: BuildReport | None = None  # what the build did, when it succeeded

    @property
    def ok(self) -> bool:
        return not self.problems


class Rebuilder:
    """The engine's caches kept in memory from build to build: each build is told
    which files changed, and says which output files it changed (so that only the
    pages showing them reload) or what went wrong (so that the pages show the
    errors, while the folder keeps the last good site)."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.caches = Caches.in_memory()
        self.trusted = False  # whether the last build succeeded: then only the changes are read

    def rebuild(self, changed_paths: Collection[Path] = ()) -> RebuildResult:
        """Build after the input files at `changed_paths` (absolute) changed. Raises
        nothing for mistakes in the content: they come back as problems."""
        written = self.caches.written_to(self.options.output_dir)
        before = written.states
        try:
            result = build(self.options, self.caches,
                           changed=changed_paths if self.trusted else None)
        except BuildFailed as failure:
            self.trusted = False
            return RebuildResult(problems=tuple(failure.problems))
        self.trusted = True
        after = written.states
        changed = sorted(name for name in set(before) | set(after)
                         if before.get(name) != after.get(name) and name != MARKER)
        return RebuildResult(tuple(changed), base_path=result.site.config.base_path,
                             report=result.report)


# Watching -------------------------------------------------------------------


class ChangeQueue:
    """Changed input files, handed out in batches: one batch per burst of saves."""

    def __init__(self, quiet: float = QUIET_SECONDS, longest: float = LONGEST_BATCH_SECONDS,
                 clock: Callable[[], float] = time.monotonic,
                 wait: Callable[[float | None], object] | None = None):
        """`clock` and `wait` (for a change, at most that many seconds; None: no limit)
        are the real ones unless a test drives the queue with its own."""
        self.quiet = quiet
        self.longest = longest
        self._clock = clock
        self._condition = threading.Condition()
        self._wait = wait or self._condition.wait
        self._paths: set[Path] = set()
        self._first = self._last = 0.0
        self._closed = False
        self._building = False  # a batch was handed out and its build is not yet published

    def add(self, path: Path) -> None:
        with self._condition:
            now = self._clock()
            if not self._paths:
                self._first = now
            self._paths.add(path)
            self._last = now
            self._condition.notify_all()

    def close(self) -> None:
        with self._condition:
            self._closed = True
            self._condition.notify_all()

    def busy(self) -> bool:
        """Changes are waiting, or their build has not been published yet."""
        with self._condition:
            return bool(self._paths) or self._building

    def published(self) -> None:
        with self._condition:
            self._building = False

    def next_batch(self) -> set[Path] | None:
        """Wait for a change, then until the changes pause; None once closed."""
        with self._condition:
            while not self._paths and not self._closed:
                self._wait(None)
            while not self._closed:
                now = self._clock()
                wait = min(self._last + self.quiet, self._first + self.longest) - now
                if wait <= 0:
                    break
                self._wait(wait)
            if self._closed:
                return None
            batch, self._paths = self._paths, set()
            self._building = True
            return batch


class InputWatcher(FileSystemEventHandler):
    """Puts the path of every changed input into a ChangeQueue, from file events.

    Watched whether or not a browser is connected: site.yaml, content/, seeds/,
    map/ and the briefing's own templates/, static/ and i18n/ below the briefing
    folder; templates/, static/ and i18n/ below the theme given by --theme. The
    theme shipped in the package does not change while Briefing runs: not watched.
    """

    def __init__(self, root: Path, theme: Path | None, queue: ChangeQueue):
        self.root = root.resolve()
        self.tops = [top for top in theme_folders(self.root, theme) if top != DEFAULT_THEME]
        self.queue = queue
        self.folders = {self.root / name: self.root for name in CONTENT_FOLDERS}
        self.folders.update({top / name: top for top in self.tops for name in THEME_FOLDERS})
        self.observer = Observer()
        self._scheduled: set[Path] = set()

    def start(self) -> None:
        for top in {self.root, *self.tops}:  # site.yaml, and input folders made later
            self.observer.schedule(self, str(top), recursive=False)
        for folder in self.folders:
            self._watch(folder)
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=5)

    def _watch(self, folder: Path) -> None:
        if folder.is_dir() and folder not in self._scheduled:
            self._scheduled.add(folder)
            self.observer.schedule(self, str(folder), recursive=True)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGE_EVENTS:
            return
        if event.is_directory and event.event_type == "modified":
            return  # a file in it changed: that file has its own event
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = Path(os.fsdecode(raw))
            if event.is_directory and path in self.folders:
                self._watch(path)
            if self.input_name(path):
                self.queue.add(path)

    def input_name(self, path: Path) -> str | None:
        """'content/events/x.md' for a path a build reads; None for anything else."""
        if path == self.root / CONFIG_FILE:
            return CONFIG_FILE
        for folder, top in self.folders.items():
            if folder == path or folder in path.parents:
                relative = path.relative_to(top)
                if any(is_ignored(Path(part)) for part in relative.parts) or \
                        _editor_temporary(path.name):
                    return None  # editor backups, swap files, hidden files
                return relative.as_posix()
        return None


# What is served -------------------------------------------------------------


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


MAX_REQUEST_BODY = 64 * 1024
# What editors write for a moment beside the file they save: sed -i's sedXXXXXX, vim's
# test file 4913 (and 5036...), and the like. Never an input, never named in the log.
_EDITOR_TEMPORARY = re.compile(r"sed[A-Za-z0-9]{6}|\d{4,5}|.*\.sw[a-p]|.*\.tmp|.*\.bak")


def _editor_temporary(name: str) -> bool:
    return _EDITOR_TEMPORARY.fullmatch(name) is not None


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
