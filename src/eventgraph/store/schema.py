"""The DuckDB schema. Bump ``SCHEMA_VERSION`` and add a migration whenever a table changes."""

SCHEMA_VERSION = 7

TABLES: dict[str, str] = {
    "meta": """
        CREATE TABLE IF NOT EXISTS meta (
            key VARCHAR PRIMARY KEY,
            value VARCHAR
        )""",
    "documents": """
        CREATE TABLE IF NOT EXISTS documents (
            doc_id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL,
            title VARCHAR,
            outlet VARCHAR,
            author VARCHAR,
            published DATE,
            published_expression VARCHAR,
            url VARCHAR,
            source_path VARCHAR,
            input_format VARCHAR,
            text VARCHAR NOT NULL,
            original_text VARCHAR NOT NULL,
            removed JSON,
            offset_map JSON,
            n_sentences INTEGER,
            n_mentions INTEGER,
            n_events INTEGER,
            ingested_at TIMESTAMP DEFAULT current_timestamp
        )""",
    "sentences": """
        CREATE TABLE IF NOT EXISTS sentences (
            doc_id VARCHAR NOT NULL,
            sentence_index INTEGER NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            PRIMARY KEY (doc_id, sentence_index)
        )""",
    "mentions": """
        CREATE TABLE IF NOT EXISTS mentions (
            doc_id VARCHAR NOT NULL,
            sentence_index INTEGER NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            actor_id VARCHAR,
            name VARCHAR,
            text VARCHAR,
            sector VARCHAR,
            variant VARCHAR,
            score DOUBLE,
            person VARCHAR
        )""",
    "actors": """
        CREATE TABLE IF NOT EXISTS actors (
            actor_id VARCHAR PRIMARY KEY,
            name VARCHAR
        )""",
    "events": """
        CREATE TABLE IF NOT EXISTS events (
            event_id VARCHAR PRIMARY KEY,
            doc_id VARCHAR NOT NULL,
            doc_name VARCHAR NOT NULL,
            sentence_index INTEGER NOT NULL,
            sentence VARCHAR NOT NULL,
            span_start INTEGER NOT NULL,
            span_end INTEGER NOT NULL,
            evidence VARCHAR,
            source_id VARCHAR,
            source_name VARCHAR,
            source_text VARCHAR,
            source_sector VARCHAR,
            target_id VARCHAR,
            target_name VARCHAR,
            target_text VARCHAR,
            target_sector VARCHAR,
            type VARCHAR NOT NULL,
            mode VARCHAR,
            cameo VARCHAR,
            goldstein DOUBLE,
            quad_class INTEGER,
            negated BOOLEAN,
            hypothetical BOOLEAN,
            date_value VARCHAR,
            date_precision VARCHAR,
            date_expression VARCHAR,
            place_name VARCHAR,
            place_id VARCHAR,
            place_lat DOUBLE,
            place_lon DOUBLE,
            pattern VARCHAR,
            trigger VARCHAR,
            cluster_id VARCHAR,
            modality VARCHAR,
            inferred VARCHAR,
            source_country VARCHAR,
            source_secondary VARCHAR,
            source_code VARCHAR,
            target_country VARCHAR,
            target_secondary VARCHAR,
            target_code VARCHAR
        )""",
    "doc_signatures": """
        CREATE TABLE IF NOT EXISTS doc_signatures (
            doc_id VARCHAR PRIMARY KEY,
            scheme VARCHAR NOT NULL,
            words INTEGER NOT NULL,
            hashvalues UINTEGER[]
        )""",
    "duplicate_groups": """
        CREATE TABLE IF NOT EXISTS duplicate_groups (
            doc_id VARCHAR PRIMARY KEY,
            group_id VARCHAR NOT NULL,
            similarity DOUBLE
        )""",
    "rejections": """
        CREATE TABLE IF NOT EXISTS rejections (
            input VARCHAR NOT NULL,
            line INTEGER,
            reason VARCHAR NOT NULL,
            stage VARCHAR,
            recorded_at TIMESTAMP DEFAULT current_timestamp
        )""",
    # Claims (speech acts, docs/claims.md): one row per claim; the actors it is about and its disputes
    # as JSON lists ([{id, name, text, stance}], [{speaker, verb, sentence_index, span}]), the about ids
    # beside them as a list for filtering; cluster_id joins the same claim carried by several documents.
    "claims": """
        CREATE TABLE IF NOT EXISTS claims (
            claim_id VARCHAR PRIMARY KEY,
            doc_id VARCHAR NOT NULL,
            doc_name VARCHAR NOT NULL,
            sentence_index INTEGER NOT NULL,
            span_start INTEGER NOT NULL,
            span_end INTEGER NOT NULL,
            speaker_id VARCHAR,
            speaker_name VARCHAR,
            speaker_text VARCHAR,
            speaker_sector VARCHAR,
            speaker_person VARCHAR,
            verb VARCHAR NOT NULL,
            form VARCHAR NOT NULL,
            proposition_start INTEGER NOT NULL,
            proposition_end INTEGER NOT NULL,
            proposition_text VARCHAR NOT NULL,
            about JSON,
            about_ids VARCHAR[],
            contested BOOLEAN,
            contested_by JSON,
            event_ids VARCHAR[],
            date_value VARCHAR,
            date_precision VARCHAR,
            date_expression VARCHAR,
            cluster_id VARCHAR
        )""",
    # Analysis tables, kept up to date per ingest batch by eventgraph.analysis.tables (see its README).
    # Each event's happening (reports of one occurrence), the days it can fall on, whether its date is
    # precise (a week or less) and its distinctive words: what decides which events it can link to.
    "analysis_happenings": """
        CREATE TABLE IF NOT EXISTS analysis_happenings (
            event_id VARCHAR PRIMARY KEY,
            happening VARCHAR NOT NULL,
            window_start DATE,
            window_end DATE,
            precise BOOLEAN,
            words VARCHAR[]
        )""",
    # What documents reporting one happening tell differently; happening 'corpus:<actor>' holds an
    # actor's people named two ways across the corpus.
    "analysis_disagreements": """
        CREATE TABLE IF NOT EXISTS analysis_disagreements (
            happening VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            sort_key VARCHAR NOT NULL,
            label VARCHAR NOT NULL,
            detail VARCHAR NOT NULL,
            versions JSON NOT NULL,
            event_ids VARCHAR[] NOT NULL
        )""",
    # The capitalised words of each document's event sentences that tie reports together (rarity).
    "analysis_words": """
        CREATE TABLE IF NOT EXISTS analysis_words (
            doc_id VARCHAR NOT NULL,
            word VARCHAR NOT NULL,
            PRIMARY KEY (doc_id, word)
        )""",
    # The people events name as their source or target, for spellings across the corpus.
    "analysis_names": """
        CREATE TABLE IF NOT EXISTS analysis_names (
            event_id VARCHAR NOT NULL,
            role VARCHAR NOT NULL,
            actor_id VARCHAR NOT NULL,
            name VARCHAR NOT NULL
        )""",
}

INDEXES = (
    "CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id)",
    "CREATE INDEX IF NOT EXISTS events_source ON events (source_id)",
    "CREATE INDEX IF NOT EXISTS events_target ON events (target_id)",
    "CREATE INDEX IF NOT EXISTS events_cluster ON events (cluster_id)",
    "CREATE INDEX IF NOT EXISTS analysis_happenings_happening ON analysis_happenings (happening)",
    "CREATE INDEX IF NOT EXISTS analysis_disagreements_happening ON analysis_disagreements (happening)",
    "CREATE INDEX IF NOT EXISTS analysis_names_actor ON analysis_names (actor_id)",
    "CREATE INDEX IF NOT EXISTS claims_doc ON claims (doc_id)",
    "CREATE INDEX IF NOT EXISTS claims_speaker ON claims (speaker_id)",
)

# Statements that bring a file of the previous version up to each version, run in one transaction
# when a file is opened for writing. Tables new in a version need no entry: TABLES creates them.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    # 2: near-duplicate documents (doc_signatures, duplicate_groups) and event clusters.
    2: ("ALTER TABLE events ADD COLUMN IF NOT EXISTS cluster_id VARCHAR",),
    # 3: why a hypothetical event is not fact (future, intent, request, possibility, condition).
    3: ("ALTER TABLE events ADD COLUMN IF NOT EXISTS modality VARCHAR",),
    # 4: participants the article, not the sentence, names: a JSON list of {role, sentence_index, how}
    #    (NULL when every participant is stated).
    4: ("ALTER TABLE events ADD COLUMN IF NOT EXISTS inferred VARCHAR",),
    # 5: the actors' country, PLOVER secondary sectors ("+"-joined) and combined code (ARMGOV).
    5: tuple(
        f"ALTER TABLE events ADD COLUMN IF NOT EXISTS {side}_{column} VARCHAR"
        for side in ("source", "target")
        for column in ("country", "secondary", "code")
    ),
    # 6: analysis tables (analysis_happenings, analysis_disagreements, analysis_words, analysis_names),
    # created by TABLES and filled for the events already stored by the first analysis update.
    6: (),
    # 7: claims (speech acts), created by TABLES; documents stored before have none until re-ingested.
    7: (),
}
