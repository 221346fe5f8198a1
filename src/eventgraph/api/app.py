"""The REST API and the dashboard it serves: ``create_app(db_path)`` returns the FastAPI application.

Routes only translate a request into calls of ``store`` (through :class:`StoreGate`), ``actors``,
``ingest``/``pipeline`` and ``analysis``. Every user error is a 4xx with a one-line ``detail``.
"""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import duckdb
import pandas as pd
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from eventgraph.api import analyses
from eventgraph.api.access import StoreBusy, StoreGate, StoreMissing
from eventgraph.api.batches import add_batch_routes
from eventgraph.api.cache import DEFAULT_MAX_BYTES, ResponseCache
from eventgraph.api.ingesting import ApiIngester, IngestProblem
from eventgraph.api.models import (
    MAX_LIMIT,
    ActorPage,
    ActorResolution,
    ActorSummary,
    AnalysisResult,
    ArticleIn,
    ClaimOut,
    ClaimOutlets,
    ClaimPage,
    DocumentDetail,
    DocumentPage,
    DyadPage,
    DyadSummary,
    EventDetail,
    EventPage,
    IngestResponse,
    Overview,
    Problem,
    RoleOut,
    ServerStatus,
    TypeCount,
)
from eventgraph.api.queries import (
    FrameCache,
    document_detail,
    document_summary,
    event_detail,
    event_out,
    plain,
    records,
)
from eventgraph.store import listing, nested_event
from eventgraph.store.listing import EventQuery

STATIC_DIR = Path(__file__).resolve().parents[1] / "web" / "static"


@lru_cache(maxsize=1)
def bundled_plotly_js() -> str:
    """plotly.js as bundled in the installed plotly Python package (MIT licence, Plotly, Inc.)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


DEFAULT_PROFILE = "south-caucasus"
# Columns the API adds to the store's event frame (document metadata and the first day of the date).
DERIVED_COLUMNS = ("outlet", "title", "published", "url", "day")

ACTOR_ID = r"^[A-Za-z][A-Za-z0-9_.\-]{0,31}$"
DATE_BOUND = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
TYPE_LIST = r"^[A-Za-z_]{1,40}(,[A-Za-z_]{1,40}){0,19}$"
DYAD = r"^[A-Za-z][A-Za-z0-9_.\-]{0,31},[A-Za-z][A-Za-z0-9_.\-]{0,31}$"
PATTERN_HINTS = {
    ACTOR_ID: "expected an actor id such as ARM or CSTO",
    DATE_BOUND: "expected a date as YYYY, YYYY-MM or YYYY-MM-DD",
    TYPE_LIST: "expected PLOVER event types separated by commas, such as CONSULT,ACCUSE",
    DYAD: "expected two actor ids separated by a comma, such as ARM,RUS",
}
PERIOD = Literal["week", "month", "quarter", "year"]

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size (at most {MAX_LIMIT})")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="rows to skip")]
ActorParam = Annotated[str | None, Query(pattern=ACTOR_ID, description="actor id, e.g. ARM")]
DateParam = Annotated[
    str | None, Query(pattern=DATE_BOUND, description="YYYY, YYYY-MM or YYYY-MM-DD (inclusive)")
]
ProfileParam = Annotated[
    str, Query(alias="profile", pattern=r"^[a-z][a-z0-9\-]{0,40}$", description="actor/region profile")
]

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem},
    404: {"model": Problem},
    422: {"model": Problem},
    501: {"model": Problem},
    503: {"model": Problem},
}


def create_app(
    db_path: str | Path,
    profile: str = DEFAULT_PROFILE,
    url: str | None = None,
    duckdb_threads: int | None = None,
    memory_limit: str | None = None,
    cache_bytes: int = DEFAULT_MAX_BYTES,
    warm: bool = True,
) -> FastAPI:
    """The application serving the store at ``db_path``, which it holds open for writing while it runs.

    With ``url`` (the address it is reachable at) it publishes itself in the serve file beside the
    database, so ``eventgraph ingest`` and ``watch`` submit their batches to it (``api/access.py``).
    GET answers of the store endpoints are kept until the next batch, within ``cache_bytes``
    (``api/cache.py``; 0 turns that off). With ``warm`` the analyses of the dashboard's first view are
    computed in the background after each batch (``analyses.Warmer``).
    """
    gate = StoreGate(db_path, url=url, duckdb_threads=duckdb_threads, memory_limit=memory_limit)
    cache = FrameCache()
    computed = analyses.StoreAnalyses(gate, profile)  # analysis answers, kept until the store changes
    warmer = analyses.Warmer(computed, gate, profile) if warm else None
    if warmer is not None:
        gate.after_open.append(warmer.soon)
        gate.after_write.append(warmer.soon)
    ingester = ApiIngester(gate, profile)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warmer is not None:
            warmer.start()
        await run_in_threadpool(gate.open_in_background)  # the file is ours from the start
        yield
        if warmer is not None:
            warmer.stop()
        await run_in_threadpool(gate.close)

    app = FastAPI(
        lifespan=lifespan,
        title="eventgraph",
        summary="Source-linked events of the South Caucasus: who did what to whom, when and where.",
        version="0.1.0",
        responses=ERRORS,
        docs_url=None,
        redoc_url=None,
    )
    app.state.gate = gate
    app.state.warmer = warmer
    if cache_bytes > 0:
        app.add_middleware(ResponseCache, version=gate.version, max_bytes=cache_bytes)
    _add_error_handlers(app)
    add_batch_routes(app, gate)

    def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
        cached = cache.frames(gate)
        return cached.events, cached.documents

    # ------------------------------------------------------------------------------- dashboard

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> Response:
        # plotly.js ships inside the installed plotly package: served from there, never from a CDN.
        return Response(bundled_plotly_js(), media_type="text/javascript")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        # FastAPI's default page loads Swagger UI from a CDN; ours is bundled, so /docs works offline.
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="eventgraph API",
            swagger_js_url="/static/vendor/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui.css",
            swagger_favicon_url="data:,",
        )

    # ------------------------------------------------------------------------------- overview

    @app.get("/overview", response_model=Overview, tags=["store"])
    def overview() -> Overview:
        """What the store holds: counts, event types, outlets and the dated range."""
        with gate.reader() as store:
            facts = listing.overview_facts(store)
        return Overview(
            **facts["counts"],
            types=[TypeCount(type=t, events=n) for t, n in facts["types"]],
            outlets=facts["outlets"],
            first_date=facts["first_date"],
            last_date=facts["last_date"],
        )

    @app.get("/status", response_model=ServerStatus, tags=["store"])
    def status() -> ServerStatus:
        """Whether the server holds its store, and the batches it has written since it started."""
        last = gate.written[-1] if gate.written else None
        return ServerStatus(
            db=str(gate.path),
            owns_file=gate.owns_file,
            batches_written=gate.generation,
            documents_after_last_batch=last.documents if last else None,
            last_batch_at=last.committed_at if last else None,
        )

    # ------------------------------------------------------------------------------ documents

    @app.get("/documents", response_model=DocumentPage, tags=["documents"])
    def list_documents(
        limit: Limit = 50,
        offset: Offset = 0,
        outlet: Annotated[str | None, Query(max_length=300)] = None,
        q: Annotated[str | None, Query(max_length=200, description="text in the title or name")] = None,
        since: DateParam = None,
        until: DateParam = None,
    ) -> DocumentPage:
        """Documents ordered by publication date; filter by outlet, title words and date range."""
        with gate.reader() as store:
            total, rows = listing.document_page(store, limit, offset, outlet, q, since, until)
        items = [document_summary(r) for r in rows]
        return DocumentPage(total=total, limit=limit, offset=offset, items=items)

    @app.get("/documents/{ref}", response_model=DocumentDetail, tags=["documents"])
    def get_document(
        ref: Annotated[str, PathParam(min_length=1, max_length=300, description="id, id prefix or name")],
    ) -> DocumentDetail:
        """One document: metadata, cleaned text, original text, what cleaning removed, its events."""
        with gate.reader() as store:
            doc = store.document(ref)
            marks = listing.document_event_marks(store, doc["doc_id"]) if doc else []
        if doc is None:
            raise HTTPException(404, f"document {ref!r} not found")
        return document_detail(doc, marks)

    # --------------------------------------------------------------------------------- events

    @app.get("/events", response_model=EventPage, tags=["events"])
    def list_events(
        limit: Limit = 50,
        offset: Offset = 0,
        actor: ActorParam = None,
        source: ActorParam = None,
        target: ActorParam = None,
        dyad: Annotated[
            str | None, Query(pattern=DYAD, description="two actor ids, e.g. ARM,RUS (either direction)")
        ] = None,
        directed: Annotated[bool, Query(description="dyad only from the first to the second")] = False,
        type: Annotated[
            str | None, Query(pattern=TYPE_LIST, description="PLOVER types, comma-separated")
        ] = None,
        quad_class: Annotated[
            int | None, Query(ge=1, le=4, description="1 verbal coop … 4 material conflict")
        ] = None,
        since: DateParam = None,
        until: DateParam = None,
        outlet: Annotated[str | None, Query(max_length=300)] = None,
        doc: Annotated[str | None, Query(max_length=300, description="document id, prefix or name")] = None,
        q: Annotated[str | None, Query(max_length=200, description="words in the sentence")] = None,
        include_negated: bool = True,
        include_hypothetical: bool = True,
        with_place: Annotated[bool, Query(description="only events with coordinates")] = False,
        modality: Annotated[
            str | None,
            Query(
                max_length=100,
                description="hypothetical events of these kinds only, comma-separated: "
                "future, intent, request, possibility, condition",
            ),
        ] = None,
    ) -> EventPage:
        """Coded events, filterable by actor, dyad, type, quad class, dates, outlet, text and modality."""
        query = EventQuery(
            actor=actor,
            source=source,
            target=target,
            dyad=tuple(dyad.split(",")) if dyad else None,  # type: ignore[arg-type]
            directed=directed,
            types=tuple(type.split(",")) if type else (),
            quad_class=quad_class,
            since=since,
            until=until,
            outlet=outlet,
            doc=doc,
            q=q,
            include_negated=include_negated,
            include_hypothetical=include_hypothetical,
            with_place=with_place,
            modalities=modality_kinds(modality),
        )
        with gate.reader() as store:
            total, rows = listing.event_page(store, query, limit, offset)
        items = [event_out(r) for r in rows]
        return EventPage(total=total, limit=limit, offset=offset, items=items)

    # --------------------------------------------------------------------------------- claims

    @app.get("/claims", response_model=ClaimPage, tags=["claims"])
    def list_claims(
        limit: Limit = 50,
        offset: Offset = 0,
        speaker: ActorParam = None,
        about: ActorParam = None,
        stance: Annotated[
            Literal["neg", "neu", "pos"] | None,
            Query(description="stance toward `about` (toward any actor without it)"),
        ] = None,
        contested: Annotated[bool, Query(description="only claims someone denied or rebutted")] = False,
    ) -> ClaimPage:
        """Claims (speech acts): who says what about whom, with which stance, and who disputes it."""
        from eventgraph.store.claims import ClaimFilter, nested_claim

        flt = ClaimFilter(speaker=speaker, about=about, stance=stance, contested=contested)
        with gate.reader() as store:
            total, rows = store.claim_page(flt, limit, offset)
        items = [ClaimOut.model_validate(nested_claim(r)) for r in rows]
        return ClaimPage(total=total, limit=limit, offset=offset, items=items)

    @app.get("/claims/outlets", response_model=ClaimOutlets, tags=["claims"], responses=ERRORS)
    def claim_outlets(
        speaker: Annotated[str, Query(pattern=ACTOR_ID, description="speaker actor id, e.g. RUS")],
        about: ActorParam = None,
        since: DateParam = None,
        until: DateParam = None,
        min_outlets: Annotated[int, Query(ge=1, le=100, description="only clusters this many carry")] = 1,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> ClaimOutlets:
        """Which outlets carry a speaker's claim clusters and which leave them out in the months they
        publish (by publication date), with each carriage's evidence; a page of the clusters."""
        from eventgraph.analysis.claim_outlets import cluster_record, load_coverage, outlet_record
        from eventgraph.analysis.config import AnalysisError

        try:
            with gate.reader() as store:
                coverage = load_coverage(store, speaker, about, since, until, min_outlets)
        except AnalysisError as exc:  # no claims by this speaker (or none at all)
            raise HTTPException(404, str(exc)) from None
        return ClaimOutlets.model_validate(
            {
                "speaker": coverage.speaker,
                "speaker_name": coverage.speaker_name,
                "about": coverage.about,
                "since": since,
                "until": until,
                "outlets": [outlet_record(o, coverage.speaker) for o in coverage.outlets],
                "total": len(coverage.clusters),
                "limit": limit,
                "offset": offset,
                "items": [
                    cluster_record(c, coverage.speaker) for c in coverage.clusters[offset : offset + limit]
                ],
            }
        )

    @app.get("/events/{ref}", response_model=EventDetail, tags=["events"])
    def get_event(
        ref: Annotated[str, PathParam(min_length=1, max_length=64, description="event id or prefix (≥ 6)")],
    ) -> EventDetail:
        """One event: its coding, the pattern that fired, and the evidence sentence in its paragraph."""
        with gate.reader() as store:
            row = store.event(ref)
            doc = store.document(row["doc_id"]) if row else None
            sentences = listing.event_sentence(store, row["doc_id"], row["sentence_index"]) if row else []
        if row is None or doc is None:
            raise HTTPException(404, f"event {ref!r} not found")
        doc_meta = {k: doc.get(k) for k in ("outlet", "title", "published", "url")}
        return event_detail({**row, **doc_meta}, doc, sentences)

    # --------------------------------------------------------------------------------- actors

    @app.get("/actors", response_model=ActorPage, tags=["actors"])
    def list_actors(
        limit: Limit = 100,
        offset: Offset = 0,
        q: Annotated[str | None, Query(max_length=100, description="part of an id or name")] = None,
    ) -> ActorPage:
        """Actors that take part in events, busiest first."""
        with gate.reader() as store:
            total, rows = listing.actor_page(store, limit, offset, q)
        items = [ActorSummary.model_validate(r) for r in rows]
        return ActorPage(total=total, limit=limit, offset=offset, items=items)

    @app.get("/actors/resolve", response_model=ActorResolution, tags=["actors"])
    def resolve_actor(
        text: Annotated[str, Query(min_length=1, max_length=300, description="e.g. Nikol Pashinyan")],
        date_: Annotated[
            str | None, Query(alias="date", pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")
        ] = None,
        context: Annotated[
            str | None,
            Query(max_length=2000, description="the sentence the phrase is from (appositions, possessives)"),
        ] = None,
        profile_: ProfileParam = profile,
    ) -> ActorResolution:
        """The actor id, country and sectors a phrase stands for, with the role valid on ``date`` (as the
        CLI); with ``context``, the phrase is resolved inside that sentence."""
        from eventgraph.evaluate.actors import resolve_in_context

        on = _iso_date(date_)
        resolver, catalogue = _resolver(profile_)
        ref = resolve_in_context(resolver, text, context, on)
        if ref is None:
            return ActorResolution(text=text, date=date_, found=False)
        person = catalogue.person(ref.person) if ref.person else None
        role = person.role_on(on) if person else None
        return ActorResolution(
            text=text,
            date=date_,
            found=ref.id is not None or person is not None,
            id=ref.id,
            name=ref.name,
            sector=ref.sector,
            secondary=list(ref.secondary),
            country=ref.country,
            code=ref.code,
            variant=ref.variant,
            score=float(ref.score),
            person=ref.person,
            person_name=person.name if person else None,
            role=_role_out(role),
        )

    # ---------------------------------------------------------------------------------- dyads

    @app.get("/dyads", response_model=DyadPage, tags=["analysis"])
    def list_dyads(
        limit: Limit = 20,
        offset: Offset = 0,
        directed: Annotated[bool, Query(description="count A→B and B→A apart")] = False,
        actor: ActorParam = None,
    ) -> DyadPage:
        """Actor pairs by number of asserted events, with their mean Goldstein score."""
        with gate.reader() as store:
            total, rows = listing.dyad_page(store, limit, offset, directed, actor)
        items = [DyadSummary.model_validate(r) for r in rows]
        return DyadPage(total=total, limit=limit, offset=offset, items=items)

    @app.get("/dyads/{a}/{b}", response_model=AnalysisResult, tags=["analysis"])
    def get_dyad(
        a: Annotated[str, PathParam(pattern=ACTOR_ID)],
        b: Annotated[str, PathParam(pattern=ACTOR_ID)],
        period: PERIOD = "month",
        directed: bool = False,
    ) -> AnalysisResult:
        """The pair's cooperation–conflict series per period and the shifts found in it."""
        return computed.dyad(a.upper(), b.upper(), period, directed)

    @app.get("/network", response_model=AnalysisResult, tags=["analysis"])
    def get_network(
        since: DateParam = None, until: DateParam = None, profile_: ProfileParam = profile
    ) -> AnalysisResult:
        """The actor network of a period: nodes with degree and strength, edges with their events."""
        return computed.network(since, until, profile_)

    @app.get("/mediation", response_model=AnalysisResult, tags=["analysis"])
    def get_mediation(period: PERIOD = "quarter", profile_: ProfileParam = profile) -> AnalysisResult:
        """Who talks to both sides of a conflict, per period; mediation shares; support relations."""
        return computed.mediation(period, profile_)

    @app.get("/sources", response_model=AnalysisResult, tags=["analysis"])
    def get_sources() -> AnalysisResult:
        """What each outlet reports, its slant by target, and which outlets report the same things."""
        return computed.sources()

    @app.get("/disagreements", response_model=AnalysisResult, tags=["analysis"])
    def get_disagreements(
        limit: Annotated[int | None, Query(ge=1, le=100_000, description="at most this many rows")] = None,
        offset: Offset = 0,
    ) -> AnalysisResult:
        """Reports of one happening that disagree (actors, type, date, numbers), with their evidence.

        Read from the store's analysis tables (kept up to date per ingest batch); ``limit``/``offset``
        page the rows, ``facts.disagreements`` gives the total."""
        return computed.disagreements(limit, offset)

    # --------------------------------------------------------------------------------- export

    @app.get(
        "/export",
        tags=["events"],
        response_class=Response,
        responses={
            200: {
                "content": {"text/csv": {}, "application/x-ndjson": {}, "application/vnd.apache.parquet": {}}
            }
        },
    )
    def export(
        format: Literal["csv", "parquet", "jsonl"] = "jsonl",
        actor: ActorParam = None,
        dyad: Annotated[str | None, Query(pattern=DYAD)] = None,
        type: Annotated[str | None, Query(pattern=TYPE_LIST)] = None,
        since: DateParam = None,
        until: DateParam = None,
        include_negated: bool = True,
        include_hypothetical: bool = True,
    ) -> Response:
        """The filtered events as a file: JSONL (nested, the README schema), CSV or Parquet (flat)."""
        query = EventQuery(
            actor=actor,
            dyad=tuple(dyad.split(",")) if dyad else None,  # type: ignore[arg-type]
            types=tuple(type.split(",")) if type else (),
            since=since,
            until=until,
            include_negated=include_negated,
            include_hypothetical=include_hypothetical,
        )
        with gate.reader() as store:
            found = listing.events_for_export(store, query)
        return _export_response(found, format)

    # --------------------------------------------------------------------------------- ingest

    @app.post(
        "/ingest",
        response_model=IngestResponse,
        tags=["ingest"],
        openapi_extra={"requestBody": _ingest_body_schema()},
    )
    async def ingest(request: Request) -> IngestResponse:
        """Ingest one article (an object) or up to 20 (a list); each bad item is reported, the rest go on."""
        try:
            body = json.loads(await request.body())
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise HTTPException(400, f"request body is not valid JSON ({exc})") from None
        result = await run_in_threadpool(ingester.ingest, body)
        if isinstance(body, dict) and result.rejected:
            raise HTTPException(422, f"article rejected: {result.items[0].reason}")
        return result

    return app


# ------------------------------------------------------------------------------------ helpers


def _add_error_handlers(app: FastAPI) -> None:
    def problem(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
        return JSONResponse({"detail": message}, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return problem(422, validation_detail(exc.errors()))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # A bug, not a user error: still answer JSON naming the route, so the dashboard can show it.
        return problem(500, f"internal error in {request.url.path}: {type(exc).__name__}: {exc}")

    @app.exception_handler(StoreBusy)
    async def busy(_: Request, exc: StoreBusy) -> JSONResponse:
        return problem(503, str(exc), {"Retry-After": "2"})

    @app.exception_handler(duckdb.InterruptException)
    async def interrupted(_: Request, exc: duckdb.InterruptException) -> JSONResponse:
        # Queries are interrupted only when the server stops (SIGTERM): see StoreGate.interrupt_readers.
        return problem(503, "the server is stopping; retry in a moment", {"Retry-After": "2"})

    @app.exception_handler(StoreMissing)
    async def missing(_: Request, exc: StoreMissing) -> JSONResponse:
        return problem(503, str(exc))

    @app.exception_handler(analyses.AnalysisUnavailable)
    async def unavailable(_: Request, exc: analyses.AnalysisUnavailable) -> JSONResponse:
        return problem(501, str(exc))

    @app.exception_handler(IngestProblem)
    async def bad_ingest(_: Request, exc: IngestProblem) -> JSONResponse:
        return problem(400, str(exc))

    try:
        from eventgraph.analysis.config import AnalysisError
    except ImportError:  # pragma: no cover - analysis not installed
        return

    @app.exception_handler(AnalysisError)
    async def bad_analysis(_: Request, exc: AnalysisError) -> JSONResponse:
        return problem(422, str(exc))


def validation_detail(errors: Any) -> str:
    """FastAPI's validation errors as one line: ``query parameter 'since': <problem> (got '2023-13')``."""
    parts = []
    for error in errors:
        loc = [str(p) for p in error.get("loc", ())]
        where = (
            f"{loc[0]} parameter {'.'.join(loc[1:])!r}" if len(loc) > 1 else (loc[0] if loc else "request")
        )
        got = (
            f" (got {error['input']!r})" if "input" in error and not isinstance(error["input"], dict) else ""
        )
        hint = PATTERN_HINTS.get(str((error.get("ctx") or {}).get("pattern")))
        parts.append(f"{where}: {hint or error.get('msg', 'invalid')}{got}")
    return "; ".join(parts) or "invalid request"


def _ingest_body_schema() -> dict[str, Any]:
    article = ArticleIn.model_json_schema()
    return {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [article, {"type": "array", "items": article, "minItems": 1, "maxItems": 20}]
                }
            }
        },
    }


def modality_kinds(value: str | None) -> tuple[str, ...]:
    """The comma-separated modality filter, each kind checked (422 names an unknown one)."""
    from eventgraph.coding.modality import MODALITIES

    kinds = tuple(k.strip().lower() for k in (value or "").split(",") if k.strip())
    unknown = [k for k in kinds if k not in MODALITIES]
    if unknown:
        raise HTTPException(422, f"modality {unknown[0]!r}: not one of {', '.join(MODALITIES)}")
    return kinds


def _iso_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"date {value!r}: not a calendar date (YYYY-MM-DD)") from None


_RESOLVERS: dict[str, Any] = {}


def _resolver(profile: str) -> tuple[Any, Any]:
    """The resolver and catalogue of a profile, loaded once (catalogue files are validated on load)."""
    if profile not in _RESOLVERS:
        try:
            from eventgraph.actors import ActorResolver, CatalogueError, load_catalogue
        except ImportError:
            raise HTTPException(501, "eventgraph.actors is not available in this installation") from None
        try:
            catalogue = load_catalogue(profile)
        except CatalogueError as exc:
            raise HTTPException(422, f"profile {profile!r}: {exc}") from None
        _RESOLVERS[profile] = (ActorResolver(catalogue), catalogue)
    return _RESOLVERS[profile]  # type: ignore[no-any-return]


def _role_out(role: Any) -> RoleOut | None:
    if role is None:
        return None
    return RoleOut(
        title=role.title,
        actor=role.actor,
        sector=role.sector,
        office=role.office,
        start=role.start.isoformat() if role.start else None,
        end=role.end.isoformat() if role.end else None,
    )


MEDIA_TYPES = {
    "csv": "text/csv",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}


def _export_response(events: pd.DataFrame, fmt: str) -> Response:
    buffer = io.BytesIO()
    if fmt == "csv":
        events.to_csv(buffer, index=False)
    elif fmt == "parquet":
        events.to_parquet(buffer, index=False)
    else:
        for row in records(events):
            buffer.write((json.dumps(nested_event(row), ensure_ascii=False, default=plain) + "\n").encode())
    headers = {"Content-Disposition": f'attachment; filename="events.{fmt}"'}
    return Response(buffer.getvalue(), media_type=MEDIA_TYPES[fmt], headers=headers)
