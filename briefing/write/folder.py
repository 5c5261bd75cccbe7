"""The output folder itself: whose it is (its marker), one build at a time (a lock),
and the swap that puts a new tree in its place at once, leaving the previous site
as it was until then. The write stage's files go in through output.py."""
from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from ..cachefile import user_cache_folder
from ..errors import BuildFailed, InterruptedAfterPublishing, Problem


MARKER = ".briefing-output"
MARKER_TEXT = b"This folder is written by Briefing; each build replaces it whole.\n"


class OutputRefused(BuildFailed):
    pass


def check_output_folder(output: Path, force: bool = False) -> None:
    """Refuse to replace a non-empty folder that Briefing did not write."""
    if not output.exists():
        return
    if not output.is_dir():
        raise OutputRefused([Problem(str(output), 0, "the output path exists and is not a folder")])
    if force or (output / MARKER).is_file() or not any(output.iterdir()):
        return
    raise OutputRefused([Problem(str(output), 0,
                                 "refusing to build here: the folder is not empty and was not "
                                 "written by Briefing, so building would delete its files "
                                 "(choose another --output, or add --force to replace it)")])


@contextmanager
def output_lock(output: Path, waiting: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold the output folder for one build at a time, from reading the input to the
    swap: a second build waits (after calling `waiting`) and then reads the input as it
    is by then, so an older build can never replace a newer site. The lock is a file
    named for the folder's path in the user's cache folder (so that nothing is added to
    the briefing's), kept for the next build; the kernel lets go of it when the build
    ends, however it ends. Holding it, a build also removes the folders that builds
    killed before their swap left beside the output."""
    output = Path(os.path.abspath(output))
    output.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(lock_file(output), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        remove_dead_builds(output)
        yield
    finally:
        os.close(descriptor)  # and with it the lock


def lock_file(output: Path) -> Path:
    """Where the lock of an output folder is kept: in the user's cache folder, or beside
    the output if that cannot be written."""
    folder = user_cache_folder() / "locks"
    name = hashlib.blake2b(os.fsencode(output), digest_size=16).hexdigest() + ".lock"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name
    except OSError:
        return output.parent / f".{output.name}.lock"


def remove_dead_builds(output: Path) -> None:
    """The new and retired trees that killed builds left beside the output: no build
    that is still running has one, since each holds the lock while it has them."""
    for prefix in (f".{output.name}.new-", f".{output.name}.old-"):
        for left in output.parent.glob(prefix + "*"):
            if left.is_dir() and not left.is_symlink():
                shutil.rmtree(left, ignore_errors=True)


def safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in name:
        raise BuildFailed([Problem(name, 0, "output path would leave the output folder")])
    return path


def write_failed(output: Path, error: OSError) -> BuildFailed:
    where = f" ({error.filename})" if error.filename else ""
    return BuildFailed([Problem(str(output), 0, f"could not write the site: {error.strerror or error}"
                                                f"{where}; the previous site was left as it was")])


def swap(staging: Path, output: Path, retire_to: Path | None = None) -> None:
    """Put staging in output's place; the old output is deleted, or moved to retire_to."""
    if not output.exists():
        os.rename(staging, output)
        return
    if exchange(staging, output):  # staging now holds the previous site
        after_publishing(lambda: retire(staging, retire_to))
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    os.rename(output, retired / "site")
    try:
        os.rename(staging, output)
    except BaseException:
        os.rename(retired / "site", output)
        retired.rmdir()
        raise
    after_publishing(lambda: (retire(retired / "site", retire_to),
                               shutil.rmtree(retired, ignore_errors=True)))


def after_publishing(step: Callable[[], object]):
    """Run a step that follows the swap: a Ctrl-C in it says the new site is live."""
    try:
        return step()
    except InterruptedAfterPublishing:
        raise
    except KeyboardInterrupt:
        raise InterruptedAfterPublishing() from None



def retire(old: Path, retire_to: Path | None) -> None:
    """Delete the previous site's tree, or keep it in retire_to for the next build."""
    if retire_to is not None:
        try:
            shutil.rmtree(retire_to, ignore_errors=True)
            retire_to.parent.mkdir(parents=True, exist_ok=True)
            os.rename(old, retire_to)
            return
        except OSError:
            pass  # then it is deleted
    shutil.rmtree(old, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2), so that `output` is never
    missing, even if the process is killed. False where the system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                       _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(second))


def remove_empty_folders(folder: Path, output: Path) -> None:
    while folder != output and output in folder.parents and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
