"""eventgraph: geopolitical news to a source-linked event graph."""

__version__ = "0.1.0"
