"""Ingest: a raw news article in, a draft source record and article out.

    extract  (extract.py)   plain text, Markdown or HTML -> text, title, outlet, date, URL
    analyse  (analyse.py)   language, topics, known and unknown names, claims to check
    draft    (draft.py)     the source record and the draft article, as text
    command  (command.py)   reads the article and the briefing, writes the two files
"""
from .command import IngestRequest, IngestResult, ingest

__all__ = ["IngestRequest", "IngestResult", "ingest"]
