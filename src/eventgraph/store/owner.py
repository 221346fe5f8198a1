"""Who holds a store file: the serve file ``eventgraph serve`` writes beside the database it owns.

DuckDB lets one process open a file for writing and, while it does, no other process can open it at
all. ``eventgraph serve`` keeps the one read-write connection for its whole run and announces itself
in ``NAME.duckdb.serve.json`` (its URL, process id and a token), readable only by the file's owner.
``eventgraph ingest`` and ``watch`` read it to submit their batches to the server instead of opening
the file; every other command reads it to say why the file is busy. The server removes the file when
it stops; a file left by a killed server is recognised as stale because its process is gone.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

SUFFIX = ".serve.json"
TOKEN_HEADER = "X-Eventgraph-Token"


@dataclass(frozen=True, slots=True)
class ServeFile:
    """A running server's address for the database it owns."""

    url: str
    pid: int
    token: str
    db: str

    def alive(self) -> bool:
        """Whether the process that wrote the file still runs (a killed server leaves its file behind)."""
        return process_exists(self.pid)


def serve_file_path(db: str | Path) -> Path:
    db = Path(db)
    return db.with_name(db.name + SUFFIX)


def publish(db: str | Path, url: str) -> ServeFile:
    """Announce that this process serves ``db`` at ``url``; the file is readable by its owner only."""
    info = ServeFile(url=url.rstrip("/"), pid=os.getpid(), token=secrets.token_urlsafe(24), db=str(db))
    path = serve_file_path(db)
    partial = path.with_name(path.name + f".{os.getpid()}.tmp")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as fh:
        json.dump(asdict(info), fh)
    partial.replace(path)  # atomic: a reader never sees half a file
    return info


def withdraw(db: str | Path, info: ServeFile) -> None:
    """Remove the serve file if it is still ours (a later server may have replaced it)."""
    found = read_serve_file(db)
    if found is not None and found.pid == info.pid and found.token == info.token:
        serve_file_path(db).unlink(missing_ok=True)


def read_serve_file(db: str | Path) -> ServeFile | None:
    """The serve file beside ``db``, or None when there is none or it cannot be read."""
    try:
        data = json.loads(serve_file_path(db).read_text(encoding="utf-8"))
        return ServeFile(
            url=str(data["url"]), pid=int(data["pid"]), token=str(data["token"]), db=str(data["db"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def live_server(db: str | Path) -> ServeFile | None:
    """The server that owns ``db`` now, if its serve file names a running process."""
    info = read_serve_file(db)
    return info if info is not None and info.alive() else None


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_lock_conflict(message: str) -> bool:
    """Whether a DuckDB error says another process holds the file."""
    lowered = message.lower()
    return "could not set lock" in lowered or "conflicting lock" in lowered


def lock_holder(message: str) -> int | None:
    """The process id DuckDB names in a lock conflict (``... (PID 1234)``)."""
    found = re.search(r"PID (\d+)", message)
    return int(found.group(1)) if found else None


def busy_message(db: str | Path, message: str) -> str:
    """One line saying who holds ``db`` and what to do, for a lock conflict DuckDB reported."""
    server = live_server(db)
    if server is not None:
        return (
            f"{db} is served by `eventgraph serve` at {server.url} (PID {server.pid}), which holds the file: "
            "`eventgraph ingest` and `watch` submit to it; read through its API "
            f"({server.url}/docs), or stop it to use this command"
        )
    holder = lock_holder(message)
    who = f"process {holder}" if holder else "another process"
    return f"{db} is being written by {who} (an ingest or a server); retry when it has finished"
