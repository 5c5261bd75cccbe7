"""Each fragment once: an item's entry, as every listing shows it, is rendered once per
edition and build, and the pages that list it join the same HTML."""
from __future__ import annotations

from dataclasses import replace

from briefing.load import load
from briefing.model import Catalogue, model
from briefing.render.edition import EditionRenderer

from .conftest import FIXTURES


class CountingMacro:
    """Stands in for a Jinja macro: a name, its compiled code, and a count of renders."""

    def __init__(self, name: str, func):
        self.name = name
        self._func = func
        self.calls = []

    def __call__(self, *args):
        self.calls.append(args)
        return f"<li>{args[0].title}</li>"


def test_an_entry_is_rendered_once_whatever_the_number_of_listings():
    inputs = load(FIXTURES / "golden")
    edition = model(inputs, inputs.config).editions[0]
    renderer = EditionRenderer(edition, Catalogue("en", "en", "i18n/en.yaml", {}), environment=None)
    macro = CountingMacro("event_item", lambda: "one template")
    event = next(iter(edition.site.events.values()))
    first = renderer.fragment(macro, event, "h3", False, None)
    assert renderer.fragment(macro, event, "h3", False, None) is first
    assert len(macro.calls) == 1
    # Other arguments, or the item changed (its digest): another fragment.
    renderer.fragment(macro, event, "h2", True, None)
    renderer.fragment(macro, replace(event, digest=event.digest + "x"), "h3", False, None)
    assert len(macro.calls) == 3
    # A macro of the same name in another template is another fragment.
    other = CountingMacro("event_item", lambda: "another template")
    renderer.fragment(other, event, "h3", False, None)
    assert len(other.calls) == 1
