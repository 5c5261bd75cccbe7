#!/usr/bin/env python3
"""Build the briefing: `python build.py [build|serve|check|deploy|ingest] [options]`.

With a Python that lacks the dependencies, it runs itself under .venv (made by
`make build`), or says to run `make build` first."""
import sys
from pathlib import Path

from briefing.bootstrap import import_or_reexec

if __name__ == "__main__":
    root = Path(__file__).resolve().parent
    try:
        cli = import_or_reexec("briefing.cli", root)
    except KeyboardInterrupt:
        print("interrupted before anything was built: the previous site was left as it was",
              file=sys.stderr)
        sys.exit(130)
    sys.exit(cli.main(default_root=root))
