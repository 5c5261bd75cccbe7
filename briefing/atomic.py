"""Writing a file so that no reader ever sees half of it."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def replace_file(target: Path, data: bytes | Callable[[BinaryIO], None],
                 mode: int = 0o644) -> None:
    """Write `data` (or what the function given writes into the stream) to a new
    file beside `target`, then rename it over `target`: a reader sees the old file
    or the new one, never a mix, even if the process is killed half-way."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            if callable(data):
                data(stream)
            else:
                stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
