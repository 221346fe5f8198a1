"""The shared loader of knowledge files: YAML and TSV/CSV with "file: entry: problem" errors."""

from __future__ import annotations

import pytest

from eventgraph.datafiles import DataFileError, Field, Schema, read_table, read_yaml, split_list


def test_a_yaml_file_must_be_a_readable_mapping(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"list\.yaml: expected a mapping at the top level, got list"):
        read_yaml(path)
    path.write_text("a: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"list\.yaml: not valid YAML"):
        read_yaml(path)
    with pytest.raises(DataFileError, match=r"missing\.yaml: cannot read"):
        read_yaml(tmp_path / "missing.yaml")


def test_table_rows_come_with_their_line_and_bad_rows_are_named(tmp_path):
    path = tmp_path / "people.tsv"
    path.write_text("# comment\nid\tname\na\tAlpha\n\nb\tBeta\textra\n", encoding="utf-8")
    rows = read_table(path, ("id", "name"))
    assert next(rows) == ("line 3", {"id": "a", "name": "Alpha"})
    with pytest.raises(DataFileError, match=r"people\.tsv: line 5: expected 2 columns, got 3"):
        next(rows)
    with pytest.raises(DataFileError, match=r"people\.tsv: header lacks column\(s\) roles"):
        list(read_table(path, ("id", "roles")))
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,name\n1,Caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataFileError, match=r"latin\.csv: not UTF-8 text"):
        list(read_table(latin, ("id",)))


def test_a_schema_checks_types_choices_and_patterns():
    schema = Schema(
        {
            "id": Field("str", required=True, pattern=r"^[A-Z]{3}$", describe="an ISO alpha-3 code"),
            "kind": Field("str", choices=frozenset({"state", "igo"})),
            "names": Field("strings"),
            "from": Field("date"),
        }
    )
    values = schema.check("f.yaml", "entry 'ARM'", {"id": "ARM", "names": ["Armenia"], "from": "2020-01-02"})
    assert values["names"] == ["Armenia"] and values["from"].year == 2020 and values["kind"] is None
    for entry, problem in [
        ({"id": "Armenia"}, "'id' must be an ISO alpha-3 code, got 'Armenia'"),
        ({"id": "ARM", "kind": "club"}, "'kind' must be one of igo, state, got 'club'"),
        ({"id": "ARM", "names": "Armenia"}, "'names' must be a list of non-empty strings"),
        ({"id": "ARM", "from": "May 2020"}, "'from' must be an ISO date"),
        ({"id": "ARM", "colour": "red"}, "unknown field\\(s\\) colour"),
        ({}, "'id' is required"),
    ]:
        with pytest.raises(DataFileError, match=rf"f\.yaml: entry 'ARM': {problem}"):
            schema.check("f.yaml", "entry 'ARM'", entry)


def test_split_list():
    assert (
        split_list("a|b| c") == ["a", "b", "c"]
        and split_list("") == []
        and split_list("GOV+MIL", "+")
        == [
            "GOV",
            "MIL",
        ]
    )


# ------------------------------------------------------ every stage's knowledge files go through it


def _copy(tmp_path, source):
    """A copy of a shipped knowledge folder or file, to damage."""
    import shutil

    target = tmp_path / source.name
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copy(source, target)
    return target


def _loaders():
    from eventgraph.actors.discourse import RULES_FILE, load_discourse_rules
    from eventgraph.analysis.config import ANALYSIS_DIR, load_detail_words
    from eventgraph.analysis.config import load_settings as load_analysis_settings
    from eventgraph.coding.broad import BROAD_DIR
    from eventgraph.coding.broad import load_settings as load_broad_settings
    from eventgraph.coding.lexicon import LEXICON_DIR, load_lexicon
    from eventgraph.coding.ontology import ONTOLOGY_DIR, load_ontology
    from eventgraph.nlp.annotate import EVENT_NOUNS_FILE, load_event_noun_readings

    # (shipped file or folder, file inside to break, loader taking the copy)
    return {
        "grammar": (LEXICON_DIR, "grammar.yaml", lambda p: load_lexicon.__wrapped__(p)),
        "predicates": (LEXICON_DIR, "predicates-one-sided.yaml", lambda p: load_lexicon.__wrapped__(p)),
        "plover types": (ONTOLOGY_DIR, "plover_types.yaml", lambda p: load_ontology.__wrapped__(p)),
        "broad settings": (BROAD_DIR, "settings.yaml", lambda p: load_broad_settings.__wrapped__(p)),
        "event nouns": (EVENT_NOUNS_FILE, None, lambda p: load_event_noun_readings.__wrapped__(p)),
        "discourse": (RULES_FILE, None, lambda p: load_discourse_rules.__wrapped__(p)),
        "analysis settings": (
            ANALYSIS_DIR / "settings.yaml",
            None,
            lambda p: load_analysis_settings.__wrapped__(p),
        ),
        "analysis details": (ANALYSIS_DIR / "details.yaml", None, lambda p: load_detail_words.__wrapped__(p)),
    }


@pytest.mark.parametrize("name", list(_loaders()))
@pytest.mark.parametrize("damage", ["invalid yaml", "wrong top level"])
def test_a_broken_knowledge_file_is_named_not_a_traceback(tmp_path, name, damage):
    """Each stage reads its files through read_yaml: a damaged copy fails with the file's path in one line."""
    from eventgraph.analysis.config import AnalysisError

    shipped, inner, load = _loaders()[name]
    copy = _copy(tmp_path, shipped)
    broken = copy / inner if inner else copy
    wrong_top = "just: a mapping\n" if name == "predicates" else "- just\n- a list\n"
    broken.write_text("key: [unclosed\n" if damage == "invalid yaml" else wrong_top, encoding="utf-8")
    with pytest.raises((DataFileError, AnalysisError)) as raised:
        load(copy)
    assert broken.name in str(raised.value)
