"""Actors: the catalogue (states, organisations, non-state actors, profile people with dated roles) and
the resolver that finds actor mentions in sentences.

>>> resolver = ActorResolver(load_catalogue("south-caucasus"))
>>> resolver.resolve("Russian peacekeepers").id
'RUS'
"""

from eventgraph.actors.catalogue import (
    Actor,
    ActorCatalogue,
    CatalogueError,
    Office,
    Person,
    Role,
    Sector,
    build_catalogue,
    load_catalogue,
)
from eventgraph.actors.resolver import ActorResolver

__all__ = [
    "Actor",
    "ActorCatalogue",
    "ActorResolver",
    "CatalogueError",
    "Office",
    "Person",
    "Role",
    "Sector",
    "build_catalogue",
    "load_catalogue",
]
