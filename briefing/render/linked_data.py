"""Structured data (schema.org JSON-LD) for search engines and link previews.

Templates emit it with Jinja's `tojson` filter, which escapes '<', '>' and '&'
so no text in the content can end the <script> element early.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..model.schema import Actor, Article, Event, Place

if TYPE_CHECKING:
    from ..model.schema import Site
    from .pages import EditionRenderer as Renderer

SCHEMA = "https://schema.org"
ACTOR_TYPES = {"person": "Person", "state": "GovernmentOrganization", "organisation": "Organization",
               "armed group": "Organization", "media": "NewsMediaOrganization"}
PLACE_TYPES = {"country": "Country", "province": "AdministrativeArea", "district": "AdministrativeArea",
               "city": "City", "town": "City", "region": "Place"}
EVENT_STATUS = {"announced": "EventScheduled", "occurred": "EventScheduled",
                "cancelled": "EventCancelled"}


class LinkedData:
    def __init__(self, site: Site, urls: Renderer):
        self.site = site
        self.urls = urls

    def url(self, kind: str, ident: str = "") -> str:
        return self.urls.absolute(self.urls.link(kind, ident))

    def __call__(self, item=None) -> dict:
        """The JSON-LD object for an item's page, or for the site (home page)."""
        if isinstance(item, Article):
            data = self.article(item)
        elif isinstance(item, Event):
            data = self.event(item)
        elif isinstance(item, Actor):
            data = self.actor(item)
        elif isinstance(item, Place):
            data = self.place(item)
        else:
            data = self.website()
        return {"@context": SCHEMA, **data}

    def website(self) -> dict:
        config = self.site.config
        return {"@type": "WebSite", "name": config.title, "url": self.url(""),
                "description": config.description, "inLanguage": config.language}

    def publisher(self) -> dict:
        return {"@type": "Organization", "name": self.site.config.title, "url": self.url("")}

    def actor_ref(self, actor_id: str) -> dict:
        actor = self.site.actors[actor_id]
        return {"@type": ACTOR_TYPES[actor.kind], "name": actor.name, "url": self.url("actor", actor.id)}

    def place_ref(self, place_id: str) -> dict:
        place = self.site.places[place_id]
        return {"@type": PLACE_TYPES[place.kind], "name": place.name, "url": self.url("place", place.id)}

    def source_ref(self, source_id: str) -> dict:
        source = self.site.sources[source_id]
        data = {"@type": "CreativeWork", "name": source.title,
                "publisher": {"@type": "Organization", "name": source.outlet},
                "datePublished": source.published.iso()}
        if source.url:
            data["url"] = source.url
        return data

    def article(self, article: Article) -> dict:
        url = self.url("article", article.id)
        data = {
            "@type": "NewsArticle", "headline": article.title, "description": article.summary,
            "url": url, "mainEntityOfPage": url, "inLanguage": self.site.config.language,
            "datePublished": article.published.iso(), "publisher": self.publisher(),
            "author": self.publisher(),
            "about": [self.site.topics[t].name for t in article.topics],
            "mentions": [self.actor_ref(a) for a in article.actors]
                        + [self.place_ref(p) for p in article.places],
            "isBasedOn": [self.source_ref(s) for s in article.sources],
        }
        if article.updated.known:
            data["dateModified"] = article.updated.iso()
        return data

    def event(self, event: Event) -> dict:
        data = {
            "@type": "Event", "name": event.title, "description": event.summary,
            "url": self.url("event", event.id),
            "eventStatus": f"{SCHEMA}/{EVENT_STATUS[event.status]}",
        }
        if event.date.known:
            data["startDate"] = event.date.iso()
        if event.places:
            data["location"] = [self.place_ref(p.id) for p in event.places]
        if event.actors:
            data["actor"] = [self.actor_ref(a.id) for a in event.actors]
        return data

    def actor(self, actor: Actor) -> dict:
        data = self.actor_ref(actor.id)
        if actor.aliases:
            data["alternateName"] = list(actor.aliases)
        if actor.role:
            data["jobTitle" if actor.kind == "person" else "description"] = actor.role
        return data

    def place(self, place: Place) -> dict:
        data = self.place_ref(place.id)
        if place.aliases:
            data["alternateName"] = list(place.aliases)
        if place.location:
            data["geo"] = {"@type": "GeoCoordinates", "latitude": place.location.lat,
                           "longitude": place.location.lon}
        if place.within:
            data["containedInPlace"] = self.place_ref(place.within)
        return data
