"""The REST API over the store, which also serves the dashboard (``eventgraph serve``).

``create_app`` is imported on first use, so the command line starts without loading FastAPI.
"""

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from eventgraph.api.app import create_app

        return create_app
    raise AttributeError(name)
