"""`briefing ingest`: read an article and the briefing, write a draft source and
article. The only part of ingest that touches the disk."""
from __future__ import annotations

import os
import shlex
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..load import parse_date
from ..vocabulary import PartialDate
from ..errors import BuildFailed, Collector, Problem
from ..kinds import BY_NAME
from ..load import load_content, load_optional, load_text
from ..model import build_site
from .analyse import Analysis, Knowledge, analyse
from .countries import country_names, site_locales
from .draft import Draft, filed_topics, make_draft, parse_published
from .extract import read_article
from .topics import LEXICON_FILE, read_lexicon


@dataclass(frozen=True)
class IngestRequest:
    root: Path
    path: Path
    url: str = ""
    published: str = ""
    outlet: str = ""
    force: bool = False
    # How ingest was run (without --published), for the message that asks for a date.
    command: tuple[str, ...] = ()


@dataclass(frozen=True)
class IngestResult:
    draft: Draft
    analysis: Analysis
    written: tuple[str, ...]  # paths below the root
    has_lexicon: bool = True  # lexicon.yaml gives words for some topic
    topics: tuple[str, ...] = ()  # what the draft was filed under


def read_knowledge(root: Path) -> Knowledge:
    """The actors, places, topics and lexicon of a briefing, validated."""
    problems = Collector()
    config, documents, _ = load_content(root, problems)
    lexicon_doc = load_optional(root, LEXICON_FILE, problems)
    problems.raise_if_any()
    needed = {kind: documents.get(kind, []) for kind in ("sources", "actors", "places")}
    site = build_site(config, needed, include_drafts=True)
    lexicon = read_lexicon(lexicon_doc, config, problems)
    problems.raise_if_any()
    locales = site_locales([(edition.code, edition.locale) for edition in config.languages])
    return Knowledge(tuple(site.actors.values()), tuple(site.places.values()),
                     tuple(t.id for t in config.topics), lexicon, config.language,
                     country_names(locales), config.max_file_kb * 1024)


def ingest(request: IngestRequest) -> IngestResult:
    """Raises BuildFailed with every problem found; writes nothing then."""
    problems = Collector()
    knowledge = read_knowledge(request.root)
    label = str(request.path)
    _refuse_if_too_long(label, request.path.stat().st_size if request.path.is_file() else 0,
                        knowledge.max_file_bytes, "the article")
    data = load_text(request.path, problems)
    problems.raise_if_any()
    raw = read_article(request.path.name, data)
    if not raw.text.strip():
        problems.add(label, 0, "no article text found in this file")
    outlet = request.outlet.strip() or raw.outlet
    if not outlet:
        problems.add(label, 0, "no outlet found (no 'Source:' or 'Fonte:' line): "
                               "give it with --outlet NAME")
    published = _published(request, raw.published, knowledge, label, problems,
                           outlet_missing=not outlet)
    url = request.url.strip() or raw.url
    if url and not url.lower().startswith(("https://", "http://")):
        problems.add("--url", 0, f"'{url[:60]}' must start with https:// or http://")
    problems.raise_if_any()
    analysis = analyse(raw.text, knowledge, published=published)
    draft = make_draft(request.path.name, raw, analysis, knowledge, outlet=outlet,
                       published=published, url=url)
    files = {BY_NAME["sources"].file(draft.id): draft.source_yaml,
             BY_NAME["articles"].file(draft.id): draft.article_markdown}
    for name, text in files.items():  # a draft ingest writes is one the build accepts
        _refuse_if_too_long(label, len(text.encode("utf-8")), knowledge.max_file_bytes,
                            f"its draft {name}")
    write_new_files(request.root, files, request.force)
    has_lexicon = any(words for by_language in knowledge.lexicon.keywords.values()
                      for words in by_language.values())
    return IngestResult(draft, analysis, tuple(files), has_lexicon,
                        tuple(filed_topics(analysis, knowledge)))


def _refuse_if_too_long(label: str, size: int, limit: int, what: str) -> None:
    """Ingest reads and writes only what a build would accept: past site.yaml's
    max_file_kb, it stops before the analysis, with what to do."""
    if limit and size > limit:
        raise BuildFailed([Problem(label, 0, (
            f"{what} is too long to ingest ({size // 1024:,} KB; the build accepts content "
            f"files of up to {limit // 1024:,} KB, max_file_kb in site.yaml): summarise a "
            "shorter excerpt, or raise max_file_kb"))])


def _published(request: IngestRequest, found: str, knowledge: Knowledge, label: str,
               problems: Collector, outlet_missing: bool) -> PartialDate:
    if request.published:
        try:
            return parse_date(request.published)
        except ValueError as error:
            problems.add("--published", 0, str(error))
            return PartialDate()
    date = parse_published(found, knowledge.default_language) if found else None
    if date is None:
        rerun = [*(request.command or ("briefing", "ingest", str(request.path))),
                 *(("--outlet", "NAME") if outlet_missing else ()), "--published", "YYYY-MM-DD"]
        problems.add(label, 0, "no publication date found in the article: give it with "
                               "--published YYYY-MM-DD (or YYYY-MM, or YYYY), as in: "
                               + shlex.join(rerun))
        return PartialDate()
    return date


def write_new_files(root: Path, files: dict[str, str], force: bool) -> None:
    """Write every file or none: an existing file is replaced only with force."""
    problems = Collector()
    for name in files:
        if (root / name).exists() and not force:
            problems.add(name, 0, "already exists: ingest does not overwrite "
                                  "(use --force to replace it)")
    problems.raise_if_any()
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".ingest-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


__all__ = ["IngestRequest", "IngestResult", "ingest", "read_knowledge", "BuildFailed"]
