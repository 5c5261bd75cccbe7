"""Write: the only stage that touches the output. All or nothing."""
from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from .errors import BuildFailed, Problem

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


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in name:
        raise BuildFailed([Problem(name, 0, "output path would leave the output folder")])
    return path


def write_site(files: dict[str, bytes], output: Path, force: bool = False,
               finish: Callable[[Path], None] | None = None) -> None:
    """Write every file into a fresh folder beside `output`, then swap it in.

    If anything fails (or the build is interrupted, or killed) before the swap,
    the previous output is left exactly as it was. `finish` runs on the new folder
    once every file is in it, before the swap: the search indexer reads the pages
    there and writes its index beside them.
    """
    output = Path(os.path.abspath(output))
    check_output_folder(output, force)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    except OSError as error:
        raise _write_failed(output, error) from None
    try:
        for name in sorted(files):
            target = staging / _safe_relative(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[name])
        (staging / MARKER).write_bytes(MARKER_TEXT)
        if finish is not None:
            finish(staging)
        os.chmod(staging, 0o755)
        _swap(staging, output)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise _write_failed(output, error) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write_failed(output: Path, error: OSError) -> BuildFailed:
    where = f" ({error.filename})" if error.filename else ""
    return BuildFailed([Problem(str(output), 0, f"could not write the site: {error.strerror or error}"
                                                f"{where}; the previous site was left as it was")])


def _swap(staging: Path, output: Path) -> None:
    if not output.exists():
        os.rename(staging, output)
        return
    if _exchange(staging, output):  # staging now holds the previous site
        shutil.rmtree(staging, ignore_errors=True)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    os.rename(output, retired / "site")
    try:
        os.rename(staging, output)
    except BaseException:
        os.rename(retired / "site", output)
        retired.rmdir()
        raise
    shutil.rmtree(retired, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
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


def update_site(files: dict[str, bytes], written: dict[str, bytes], output: Path) -> list[str]:
    """Bring a folder that holds `written` up to `files`, touching only what differs.

    For the preview: files whose bytes are unchanged keep their modification
    time; each changed file is replaced atomically, so a reader never sees
    half a file. Returns the names of the files written or removed.
    """
    output = Path(os.path.abspath(output))
    changed = [name for name, data in files.items() if written.get(name) != data]
    removed = [name for name in written if name not in files]
    try:
        for name in changed:
            _replace_file(output / _safe_relative(name), files[name])
        for name in removed:
            target = output / _safe_relative(name)
            target.unlink(missing_ok=True)
            _remove_empty_folders(target.parent, output)
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        raise BuildFailed([Problem(str(output), 0, f"could not update the folder: "
                                                   f"{error.strerror or error}{where}")]) from None
    return sorted(changed + removed)


def _replace_file(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_empty_folders(folder: Path, output: Path) -> None:
    while folder != output and output in folder.parents and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
