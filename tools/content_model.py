"""Write the key tables of docs/content-model.md from the schema (briefing/schema.py).

    python tools/content_model.py

Each table stands between `<!-- keys: KIND -->` and `<!-- /keys -->`; the words
around them are the document's own. tests/test_publish.py fails when a table is
not what the schema makes.
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefing.kinds import KINDS  # noqa: E402
from briefing.schema import with_tables  # noqa: E402

DOCUMENT = REPO / "docs" / "content-model.md"


def main() -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    DOCUMENT.write_text(with_tables(text, {kind.name: kind.fields for kind in KINDS}),
                        encoding="utf-8")


if __name__ == "__main__":
    main()
