"""Structured data (schema.org JSON-LD) for search engines and link previews.

Made from the objects a page's context already holds (`of`), when the page is
rendered: it adds nothing to what the page shows, so it is no part of the
context. Templates emit it with Jinja's `tojson` filter, which escapes '<', '>'
and '&' so no text in the content can end the <script> element early.
"""
from __future__ import annotations

from ..vocabulary import SiteConfig
from ..model import Actor, Article, Event, Place, Source, Topic
from ..plan import Urls
from ..plan.contexts import ActorContext, ArticleContext, EventContext, HomeContext, PlaceContext

SCHEMA = "https://schema.org"
ACTOR_TYPES = {"person": "Person", "state": "GovernmentOrganization", "organisation": "Organization",
               "armed group": "Organization", "media": "NewsMediaOrganization"}
PLACE_TYPES = {"country": "Country", "province": "AdministrativeArea", "district": "AdministrativeArea",
               "city": "City", "town": "City", "region": "Place"}
EVENT_STATUS = {"announced": "EventScheduled", "occurred": "EventScheduled",
                "cancelled": "EventCancelled"}


class LinkedData:
    def __init__(self, config: SiteConfig, urls: Urls):
        self.config = config
        self.urls = urls

    def url(self, kind: str, ident: str = "") -> str:
        return self.urls.absolute(self.urls.link(kind, ident))

    def _with_context(self, data: dict) -> dict:
        return {"@context": SCHEMA, **data}

    def website(self) -> dict:
        config = self.config
        return self._with_context({"@type": "WebSite", "name": config.title, "url": self.url(""),
                                   "description": config.description,
                                   "inLanguage": config.language})

    def publisher(self) -> dict:
        return {"@type": "Organization", "name": self.config.title, "url": self.url("")}

    def actor_ref(self, actor: Actor) -> dict:
        return {"@type": ACTOR_TYPES[actor.kind], "name": actor.name, "url": self.url("actor", actor.id)}

    def place_ref(self, place: Place) -> dict:
        return {"@type": PLACE_TYPES[place.kind], "name": place.name, "url": self.url("place", place.id)}

    def source_ref(self, source: Source) -> dict:
        data = {"@type": "CreativeWork", "name": source.title,
                "publisher": {"@type": "Organization", "name": source.outlet},
                "datePublished": source.published.iso()}
        if source.url:
            data["url"] = source.url
        return data

    def article(self, article: Article, topics: list[Topic], actors: list[Actor],
                places: list[Place], sources: list[Source]) -> dict:
        url = self.url("article", article.id)
        data = {
            "@type": "NewsArticle", "headline": article.title, "description": article.summary,
            "url": url, "mainEntityOfPage": url, "inLanguage": self.config.language,
            "datePublished": article.published.iso(), "publisher": self.publisher(),
            "author": ([{"@type": "Person", "name": name} for name in article.authors]
                       or self.publisher()),
            "about": [topic.name for topic in topics],
            "mentions": [self.actor_ref(a) for a in actors] + [self.place_ref(p) for p in places],
            "isBasedOn": [self.source_ref(s) for s in sources],
        }
        if article.updated.known:
            data["dateModified"] = article.updated.iso()
        return self._with_context(data)

    def event(self, event: Event, places: list[Place], actors: list[Actor]) -> dict:
        data = {
            "@type": "Event", "name": event.title, "description": event.summary,
            "url": self.url("event", event.id),
            "eventStatus": f"{SCHEMA}/{EVENT_STATUS[event.status]}",
        }
        if event.date.known:
            data["startDate"] = event.date.iso()
        if places:
            data["location"] = [self.place_ref(p) for p in places]
        if actors:
            data["actor"] = [self.actor_ref(a) for a in actors]
        return self._with_context(data)

    def actor(self, actor: Actor) -> dict:
        data = self.actor_ref(actor)
        if actor.aliases:
            data["alternateName"] = list(actor.aliases)
        if actor.role:
            data["jobTitle" if actor.kind == "person" else "description"] = actor.role
        return self._with_context(data)

    def place(self, place: Place, within: Place | None) -> dict:
        data = self.place_ref(place)
        if place.aliases:
            data["alternateName"] = list(place.aliases)
        if place.location:
            data["geo"] = {"@type": "GeoCoordinates", "latitude": place.location.lat,
                           "longitude": place.location.lon}
        if within is not None:
            data["containedInPlace"] = self.place_ref(within)
        return self._with_context(data)

    def of(self, context) -> dict | None:
        """The JSON-LD of a page with this context, if its kind of page has one."""
        if isinstance(context, ArticleContext):
            return self.article(context.article, list(context.topics), list(context.actors),
                                list(context.places), list(context.sources))
        if isinstance(context, EventContext):
            return self.event(context.event, [p.place for p in context.places],
                              [a.actor for a in context.actors])
        if isinstance(context, ActorContext):
            return self.actor(context.actor)
        if isinstance(context, PlaceContext):
            return self.place(context.place, context.within)
        if isinstance(context, HomeContext):
            return self.website()
        return None
