#!/usr/bin/env python3
"""Build the briefing: `python build.py [build|serve|check|deploy|ingest] [options]`."""
import sys
from pathlib import Path

from briefing.cli import main

if __name__ == "__main__":
    sys.exit(main(default_root=Path(__file__).resolve().parent))
