"""One entry point per gold format, and the summary table of the three reference sets.

``run_evaluation`` is what ``eventgraph evaluate --gold FILE --format …`` prints;
``run_all_evaluations`` is what ``make eval`` prints: each set's figures beside the target and the
peer system's value.
"""

from __future__ import annotations

from pathlib import Path

from eventgraph.evaluate.by_type import TypeCounts, format_type_table, type_counts
from eventgraph.evaluate.seeds import GoldError, SeedScore

FORMATS = ("seeds", "petr", "conflibert", "actors", "claims")

# (set, figure, target, peer name, peer value): the targets of GitHub issue 4
TARGETS = (
    ("seed gold", "F1", 0.85, "-", None),
    ("seed gold", "negated/hypothetical coded as fact", 0, "-", None),
    ("seed gold", "must_not tuples", 0, "-", None),
    ("PETR2 GSR", "country + root F1", 0.90, "PETRARCH2", None),
    ("PETR2 GSR", "exact F1", 0.75, "PETRARCH2", None),
    ("ConfliBERT", "quad-class macro-F1", 0.80, "fine-tuned ConfliBERT", 0.895),
    ("actor dev", "country accuracy", 0.85, "-", None),
    ("actor dev", "primary-sector accuracy", 0.60, "-", None),
    ("actor dev", "unresolved share", 0.15, "-", None),
    ("claims dev", "(speaker, about, stance) recall", 0.75, "-", None),
    ("claims dev", "stance reversed", 0, "-", None),
    ("claims dev", "dispute links", 1.0, "-", None),
)
OPTIONAL_SETS = frozenset({"actor dev", "claims dev"})
LOWER_IS_BETTER = frozenset(
    {"negated/hypothetical coded as fact", "must_not tuples", "unresolved share", "stance reversed"}
)


def run_evaluation(
    gold_path: str | Path,
    fmt: str,
    seeds_dir: str | Path | None = None,
    errors: bool = False,
    corpus: str | Path | None = None,
) -> str:
    """The printed report for one gold file in format ``seeds``, ``petr`` or ``conflibert``.

    For ``seeds`` the articles are read by record id from the JSON-lines ``corpus`` if given, else
    from ``seeds_dir`` (default: ``seeds/`` beside the gold file's folder). For ``conflibert`` the
    gold path is the class TSV, the BIO file, or the folder holding ``cameo_class_train.tsv`` and
    ``cameo_ner_train.txt``. Raises GoldError with a message
    naming the file and the problem.
    """
    gold = Path(gold_path)
    if not gold.exists():
        raise GoldError(f"{gold}: gold file not found")
    if fmt == "seeds":
        from eventgraph.evaluate.seeds import format_seed_report, run_seed_evaluation

        folder = Path(seeds_dir) if seeds_dir else gold.resolve().parent.parent / "seeds"
        score = run_seed_evaluation(gold, folder, corpus=corpus)
        return format_seed_report(score, errors=errors)
    if fmt == "petr":
        from eventgraph.evaluate.petr import format_petr_report, run_petr_evaluation

        return format_petr_report(run_petr_evaluation(gold), errors=errors)
    if fmt == "conflibert":
        from eventgraph.evaluate.conflibert import format_conflibert_report, run_conflibert_evaluation

        class_file, ner_file = conflibert_files(gold)
        return format_conflibert_report(run_conflibert_evaluation(class_file, ner_file), errors=errors)
    if fmt == "actors":
        from eventgraph.evaluate.actors import format_actor_report, run_actor_evaluation

        return format_actor_report(run_actor_evaluation(gold, corpus=corpus), errors=errors)
    if fmt == "claims":
        from eventgraph.evaluate.claims import format_claim_report, run_claim_evaluation

        return format_claim_report(run_claim_evaluation(gold, corpus=corpus), errors=errors)
    raise GoldError(f"{gold}: unknown gold format {fmt!r}; choose one of {', '.join(FORMATS)}")


def conflibert_files(path: Path) -> tuple[Path | None, Path | None]:
    """The class TSV and the BIO file a ConfliBERT gold path stands for."""
    if path.is_dir():
        found = (path / "cameo_class_train.tsv", path / "cameo_ner_train.txt")
        if not any(p.exists() for p in found):
            raise GoldError(f"{path}: no cameo_class_train.tsv or cameo_ner_train.txt in this folder")
        return tuple(p if p.exists() else None for p in found)  # type: ignore[return-value]
    return (path, None) if path.suffix == ".tsv" else (None, path)


def run_all_evaluations(shared_dir: str | Path) -> str:
    """The three reference sets under ``shared_dir`` (``eval/``, ``seeds/``) in one table, then the
    hand-annotated gold sets (seed gold, samples gold, corpus dev gold) with precision, recall, F1 and
    recall by PLOVER type."""
    from eventgraph.evaluate.conflibert import run_conflibert_evaluation
    from eventgraph.evaluate.petr import run_petr_evaluation
    from eventgraph.evaluate.seeds import run_seed_evaluation

    shared = Path(shared_dir)
    values: dict[str, tuple[float | None, float | None]] = {}
    notes: list[str] = []
    scored: dict[str, SeedScore] = {}
    petr_by_type: TypeCounts = {}
    try:
        seeds = run_seed_evaluation(shared / "eval" / "seeds.gold.jsonl", shared / "seeds")
        scored["seed gold"] = seeds
        values["F1"] = (seeds.f1, None)
        values["negated/hypothetical coded as fact"] = (len(seeds.modality_errors), None)
        values["must_not tuples"] = (len(seeds.must_not_hits), None)
    except GoldError as error:
        notes.append(f"seed gold not scored: {error}")
    try:
        petr = run_petr_evaluation(shared / "eval" / "petr2_gsr.jsonl")
        petr_by_type: TypeCounts = petr.by_type
        values["country + root F1"] = (petr.root.f1, petr.petrarch_root.f1)
        values["exact F1"] = (petr.exact.f1, petr.petrarch_exact.f1)
    except GoldError as error:
        notes.append(f"PETR2 gold not scored: {error}")
    try:
        folder = shared / "eval" / "conflibert"
        conflibert = run_conflibert_evaluation(*conflibert_files(folder))
        values["quad-class macro-F1"] = (conflibert.macro_f1, None)
        values["source+target span F1 (token)"] = (conflibert.span.f1, None)
        values["first asserted event macro-F1"] = (conflibert.first_asserted_macro_f1, None)
    except GoldError as error:
        notes.append(f"ConfliBERT not scored: {error}")
    _add_actor_dev_set(values, notes)
    _add_claims_dev_set(values, notes, shared / "corpora" / "ukraine-media.jsonl")
    report = format_summary(values, notes) + "\n\n" + format_gold_sets(score_gold_sets(shared, scored))
    if petr_by_type:
        report += "\n\n" + "\n".join(format_type_table({"PETR2 (country+root)": petr_by_type}))
    return report


def gold_sets(shared: Path) -> list[tuple[str, Path, dict[str, Path]]]:
    """(name, gold file, where its articles are) of each seeds-format gold set ``make eval`` reports."""
    data = Path(__file__).resolve().parents[1] / "data"
    return [
        ("seed gold", shared / "eval" / "seeds.gold.jsonl", {"seeds_dir": shared / "seeds"}),
        ("samples gold", data / "samples_gold" / "samples.gold.jsonl", {"seeds_dir": data / "samples"}),
        (
            "corpus dev gold",
            data / "dev_gold" / "corpus.gold.jsonl",
            {"corpus": shared / "corpora" / "ukraine-media.jsonl"},
        ),
        (
            "world dev gold",
            data / "dev_gold" / "world.gold.jsonl",
            {"corpus": shared / "corpora" / "ukraine-media.jsonl"},
        ),
    ]


def score_gold_sets(
    shared: Path, done: dict[str, SeedScore] | None = None
) -> list[tuple[str, SeedScore | str]]:
    """Each gold set's score (taken from ``done`` where already computed), or why it was not scored."""
    from eventgraph.evaluate.seeds import run_seed_evaluation

    results: list[tuple[str, SeedScore | str]] = []
    for name, gold, articles in gold_sets(shared):
        if done and name in done:
            results.append((name, done[name]))
            continue
        try:
            results.append((name, run_seed_evaluation(gold, **articles)))  # type: ignore[arg-type]
        except GoldError as error:
            results.append((name, f"not scored: {error}"))
    return results


def format_gold_sets(results: list[tuple[str, SeedScore | str]]) -> str:
    """Precision, recall and F1 of each gold set side by side, then recall by PLOVER type."""
    scores = [(name, score) for name, score in results if not isinstance(score, str)]
    header = f"{'gold set':<18}{'P':>7}{'R':>7}{'F1':>7}{'tuples':>9}{'modality':>10}{'must_not':>10}"
    lines = [header, "-" * len(header)]
    for name, score in results:
        if isinstance(score, str):
            lines.append(f"{name:<18}{score}")
            continue
        lines.append(
            f"{name:<18}{score.precision:>7.3f}{score.recall:>7.3f}{score.f1:>7.3f}"
            f"{score.gold_tuples:>9}{len(score.modality_errors):>10}{len(score.must_not_hits):>10}"
        )
    if any(score.recall_by_type for _, score in scores):
        lines += ["", *format_type_table({name: type_counts(score) for name, score in scores})]
    return "\n".join(lines)


def _add_claims_dev_set(
    values: dict[str, tuple[float | None, float | None]], notes: list[str], corpus: Path
) -> None:
    """The hand-annotated claims shipped in data/claims_gold/ (its corpus articles from ``corpus``)."""
    from eventgraph.evaluate.claims import DEV_SET, format_claim_report, run_claim_evaluation

    if not DEV_SET.exists():
        return
    try:
        claims = run_claim_evaluation(DEV_SET, corpus=corpus if corpus.is_file() else None)
    except GoldError as error:
        notes.append(f"claims dev set not scored: {error}")
        return
    values["(speaker, about, stance) recall"] = (claims.recall, None)
    values["stance reversed"] = (len(claims.reversals), None)
    values["dispute links"] = (claims.dispute_accuracy, None)
    notes.append(f"claims dev set ({DEV_SET.name}): " + format_claim_report(claims).replace("\n", "; "))


def _add_actor_dev_set(values: dict[str, tuple[float | None, float | None]], notes: list[str]) -> None:
    """The hand-annotated actor phrases shipped in data/actors_gold/, when the file is there."""
    from eventgraph.evaluate.actors import DEV_SET, run_actor_evaluation

    if not DEV_SET.is_file():
        return
    try:
        actors = run_actor_evaluation(DEV_SET)
    except GoldError as error:
        notes.append(f"actor dev set not scored: {error}")
        return
    values["country accuracy"] = (actors.country_accuracy, None)
    values["primary-sector accuracy"] = (actors.sector_accuracy, None)
    values["unresolved share"] = (actors.unresolved_share, None)
    notes.append(f"actor dev set: {actors.total} phrases in {DEV_SET.name}")


def format_summary(values: dict[str, tuple[float | None, float | None]], notes: list[str]) -> str:
    header = f"{'set':<12}{'figure':<38}{'target':>8}{'eventgraph':>12}  {'met':<5}{'peer':<24}"
    lines = [header, "-" * len(header)]
    for name, figure, target, peer, peer_value in TARGETS:
        if name in OPTIONAL_SETS and figure not in values:
            continue  # the actor dev set is shown only when its file is there
        ours, measured_peer = values.get(figure, (None, None))
        peer_shown = peer_value if peer_value is not None else measured_peer
        lower_is_better = figure in LOWER_IS_BETTER
        met = (
            "-"
            if ours is None
            else "yes"
            if (ours <= target if lower_is_better else ours >= target)
            else "no"
        )
        target_text = (
            f"{target}"
            if isinstance(target, int)
            else f"<= {target:.2f}"
            if lower_is_better
            else f">= {target:.2f}"
        )
        lines.append(
            f"{name:<12}{figure:<38}{target_text:>8}{_number(ours):>12}  {met:<5}"
            f"{peer}{' ' + _number(peer_shown) if peer_shown is not None else ''}"
        )
    for figure in ("source+target span F1 (token)", "first asserted event macro-F1"):
        extra = values.get(figure)
        if extra is not None:
            lines.append(f"{'ConfliBERT':<12}{figure:<38}{'-':>8}{_number(extra[0]):>12}")
    lines.append("PETRARCH2's figures are measured on the same records; ConfliBERT's is its published score.")
    lines += notes
    return "\n".join(lines)


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return str(value) if isinstance(value, int) else f"{value:.3f}"
