"""What spans documents, checked over the whole site once each document has been
checked on its own (validate.py): references, units within a series, how far a
check reaches, and that a claim states its figure. Each problem at its line."""
from __future__ import annotations

from ..errors import Collector
from ..kinds import BY_NAME
from ..vocabulary import DAY
from ..load import suggest
from .dates import last_day, last_updated, sources_reach
from .items import Site
from .numbers import states_number


def check_series_units(checks, problems: Collector) -> None:
    """A series counts one thing over time, so it is charted on one scale."""
    first: dict[str, tuple[str, str]] = {}  # series -> (unit, figure id)
    for kind, doc, checked in checks:
        series, unit = checked.series
        if not (series and unit):
            continue
        first_unit, first_id = first.setdefault(series, (unit, checked.item.id))
        if unit != first_unit:
            problems.add(doc.path, doc.line("unit"),
                         f"unit '{unit}' differs from '{first_unit}' of {first_id}, in the same "
                         f"series '{series}' (a series counts one thing over time)")


def check_references(checks, site: Site, drafts: dict[str, set[str]], problems: Collector) -> None:
    for _, doc, checked in checks:
        for kind, ref, key in checked.references:
            known = getattr(site, kind)
            if ref in known:
                continue
            label = BY_NAME[kind].singular
            if ref in drafts[kind]:
                message = (f"{label} '{ref}' is a draft and is not published "
                           "(publish it, or remove this reference)")
            elif kind == "topics":
                message = f"unknown topic '{ref}' (expected one of: {', '.join(known)})"
            else:
                message = f"{label} '{ref}' not found{suggest(ref, known)}"
            problems.add(doc.path, doc.line(*key), message)


def check_checked(checks, site: Site, problems: Collector) -> None:
    """No check reaches past what was read: a 'checked' day is refused after the newest
    source's (its last day, for a source dated to the month) or after the briefing's
    date (its newest dated item)."""
    reach, updated = sources_reach(site), last_updated(site)
    for kind, doc, checked in checks:
        item = checked.item
        dated = []
        if kind == "events":
            dated.append((item.checked, ("checked",)))
        elif kind == "articles":
            dated += [(claim.checked, ("claims", index, "checked"))
                      for index, claim in enumerate(item.claims)]
        for day, key in dated:
            if day.precision != DAY:
                continue  # none, or not a day: the document's own check said so
            if reach is None or last_day(day) > last_day(reach):
                newest = f"the newest source read is of {reach.iso()}" if reach else "no source is dated"
                problems.add(doc.path, doc.line(*key),
                             f"'checked: {day.iso()}' is later than the sources reach ({newest}): "
                             "a check reaches no further than the sources read; add the newer "
                             "source to seeds/, or check an earlier day")
            elif updated is not None and updated.known and last_day(day) > last_day(updated):
                problems.add(doc.path, doc.line(*key),
                             f"'checked: {day.iso()}' is later than the briefing's date "
                             f"({updated.iso()}, its newest dated item)")


def check_claimed_figures(checks, site: Site, problems: Collector) -> None:
    """One fact, one status: a claim that names its figure (`figure: ID`) has the
    figure's status and states the figure's number (as its language writes it)."""
    language = site.config.default_language
    for kind, doc, checked in checks:
        if kind != "articles":
            continue
        for index, claim in enumerate(checked.item.claims):
            figure = site.figures.get(claim.figure) if claim.figure else None
            if figure is None:
                continue  # no figure named, or one not found (reported with the references)
            if claim.status and figure.status and claim.status != figure.status:
                problems.add(doc.path, doc.line("claims", index, "status"),
                             f"status '{claim.status}' differs from '{figure.status}' of figure "
                             f"'{figure.id}' ({figure.path}), whose number this claim states: one "
                             "fact has one status; give both the same")
            values = [figure.value] + ([figure.value_high] if figure.value_high is not None else [])
            if claim.text and not all(states_number(claim.text, language, v) for v in values):
                said = " to ".join(f"{v:,}" for v in values)
                problems.add(doc.path, doc.line("claims", index, "text"),
                             f"the claim does not state {said}, the number of figure "
                             f"'{figure.id}' ({figure.path}) it names: write the figure's number, "
                             "or name another figure")
