#!/usr/bin/env python3
"""Build this briefing: `python build.py [build|serve|check|deploy|ingest] [options]`,
the same as the `briefing` command run in this folder."""
import sys
from pathlib import Path

try:
    from briefing.cli import main
except ModuleNotFoundError as error:
    if error.name != "briefing":
        raise
    sys.exit("Briefing is not installed for this Python: see 'Install' in README.md")

if __name__ == "__main__":
    sys.exit(main(default_root=Path(__file__).resolve().parent))
