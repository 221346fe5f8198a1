"""Convert PETRARCH2's CAMEO verb dictionary into the coder's broad-coverage verb layer.

Reads ``CAMEO.2.0.txt`` (PETRARCH2, MIT licence; format in ``dictionaries.rst`` beside it) and the
CAMEO→PLOVER table ``CAMEO2PLOVER-2021.txt`` and writes the three ``cameo-2.0-*.tsv`` tables in
``src/eventgraph/data/lexicon/broad/`` (noun synonym sets, verbs by block, patterns), read by
:mod:`eventgraph.coding.broad`. The output is generated, never hand-edited; a test checks this script
reproduces it. Run from the repository root::

    python tools/convert_petrarch_verbs.py [--dictionaries DIR] [--ontology DIR]

Translation of a PETRARCH pattern ``- [pre-verb nouns] * [object] [(PREP noun)...] [CODE]``:

* the verb block's verbs are trigger lemmas; a multi-word verb ``+CALL_OFF`` needs its particle
  ("off") on the verb, ``+TAKE_LEAVE`` its object ("leave");
* a bare noun after ``*`` is the head of the verb's direct object, ``{FINANCIAL AID}`` a head with
  modifiers, ``&CLASS`` a noun synonym set (expanded to the heads of its phrases);
* ``(PREP noun)`` needs a preposition PREP on the verb (or on its object) whose object's head is that
  noun; ``(PREP)`` and ``(PREP +)`` make that preposition's object the target, ``^`` matches anything;
* a noun before ``*`` is the head of the subject; ``+``/``$`` mark target/source (before ``*``: the
  subject; bare after it: the object; inside ``(PREP …)``: that preposition's object);
* the code: the first half of ``[A:B]``; ``[---]`` and empty codes give no event. Type and mode come
  from ``cameo.csv`` where the project lists the code (the table the curated lexicon uses), otherwise
  from CAMEO2PLOVER-2021 (a mode only if ``plover_types.yaml`` knows it). CAMEO 01 statements have no
  PLOVER type and are left out.

Patterns this translation cannot express (more than one bare object noun, words after a bare
preposition, verbs preceded by other words) are skipped and counted in the file's header.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from eventgraph.coding.broad import TABLE_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src" / "eventgraph" / "data" / "lexicon" / "broad"
SYNSETS, VERBS, PATTERNS = "cameo-2.0-synsets.tsv", "cameo-2.0-verbs.tsv", "cameo-2.0-patterns.tsv"
ONTOLOGY = ROOT / "src" / "eventgraph" / "data" / "ontology"
DICTIONARIES = Path("/work/shared/dictionaries/petrarch2")
PLOVER_TABLES = Path("/work/shared/ontology")
COLUMNS = TABLE_COLUMNS["patterns"]  # the loader (coding/broad.py) checks the same columns
PARTICLES = frozenset(
    {"up", "down", "off", "out", "on", "in", "over", "back", "away", "for", "to", "by", "after", "with",
     "into", "forward", "about", "around", "through", "along", "apart", "aside", "together", "against",
     "upon", "across", "ahead", "behind"}
)  # fmt: skip
PREPOSITIONS = PARTICLES | {
    "of",
    "from",
    "at",
    "toward",
    "towards",
    "as",
    "under",
    "between",
    "among",
    "within",
}
TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|\S+")


class DictionaryError(ValueError):
    """The dictionary has a line this converter does not understand."""


@dataclass
class Translation:
    """One pattern, ready to be written as a row."""

    subject_lemmas: set[str] = field(default_factory=set)
    object_lemmas: set[str] = field(default_factory=set)
    object_modifiers: set[str] = field(default_factory=set)
    prep_objects: list[tuple[str, set[str]]] = field(default_factory=list)
    source: str = "subject"
    target: str = "object"


def singulars(word: str) -> set[str]:
    """A dictionary noun and the singular the lemmatiser gives a plural ("SANCTIONS" → sanction)."""
    word = word.lower().strip("_")
    forms = {word}
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    elif word.endswith(("ses", "xes", "ches", "shes")):
        forms.add(word[:-2])
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.add(word[:-1])
    return forms


def read_synsets(lines: list[str]) -> dict[str, set[str]]:
    """``&CLASS`` → the head lemmas of its phrases (the last word: "CHEMICAL_WEAPON" → weapon)."""
    synsets: dict[str, set[str]] = {}
    current: str | None = None
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if line.startswith("---"):
            break
        if line.startswith("&"):
            current = line.rstrip("_")
            synsets[current] = set()
        elif line.startswith("+") and current:
            words = line[1:].replace("_", " ").split()
            if words:
                synsets[current] |= singulars(words[-1])
        elif not line:
            current = current if current else None
    return synsets


def noun_heads(text: str, synsets: dict[str, set[str]]) -> tuple[set[str], set[str]] | None:
    """Head lemmas and modifier lemmas of a noun slot: ``WORD``, ``{MOD … HEAD}`` or ``&CLASS``."""
    words = text.strip("{}").split() if text.startswith("{") else [text]
    if not words:
        return None
    heads: set[str] = set()
    head = words[-1]
    if head.startswith("&"):
        if head.rstrip("_") not in synsets:
            return None
        heads = {head.rstrip("_").lower()}  # expanded on load from the synonym-set file
    elif head.isalpha() or "_" in head:
        heads = singulars(head)
    else:
        return None
    modifiers: set[str] = set()
    for word in words[:-1]:
        if word.startswith("&"):
            if word.rstrip("_") not in synsets:
                return None
            modifiers.add(word.rstrip("_").lower())
        elif word.isalpha():
            modifiers.add(word.lower())
        else:
            return None
    return heads, modifiers


def translate(body: str, synsets: dict[str, set[str]]) -> Translation | None:
    """A pattern's words (between ``-`` and the code) as constraints, or None when not expressible."""
    tokens = TOKEN.findall(body)
    if tokens.count("*") != 1:
        return None
    star = tokens.index("*")
    before, after = tokens[:star], tokens[star + 1 :]
    result = Translation()
    nouns = [t for t in before if t not in ("+", "$", "^")]
    if len(nouns) > 1 or any(t.startswith("(") for t in before):
        return None
    for token in before:
        if token == "+":
            result.target = "subject"
        elif token == "$":
            result.source = "subject"
    if nouns:
        found = noun_heads(nouns[0], synsets)
        if found is None:
            return None
        result.subject_lemmas = found[0]
    marked = {"+": "", "$": ""}
    bare_nouns = 0
    position = 0
    while position < len(after):
        token = after[position]
        position += 1
        if token in ("+", "$"):
            marked[token] = "object"
        elif token == "^":
            continue
        elif token.startswith("("):
            parts = TOKEN.findall(token[1:-1])
            if not parts or parts[0].lower() not in PREPOSITIONS:
                return None
            if not _prepositional(parts, synsets, result, marked):
                return None
        elif token.lower() in PARTICLES and position == len(after) and not bare_nouns:
            result.prep_objects.append((token.lower(), set()))  # "* OFF": a particle on the verb
        elif token.lower() in PREPOSITIONS and position < len(after):
            # a preposition without brackets: "* TROOP TOWARD +"; one noun or marker follows
            if not _prepositional([token, after[position]], synsets, result, marked):
                return None
            position += 1
        else:
            bare_nouns += 1
            found = noun_heads(token, synsets)
            if found is None or bare_nouns > 1:
                return None
            result.object_lemmas, result.object_modifiers = found
    if result.target == "object" and marked["+"]:
        result.target = marked["+"]
    if marked["$"]:
        result.source = marked["$"]
    return result


def _prepositional(
    parts: list[str], synsets: dict[str, set[str]], result: Translation, marked: dict[str, str]
) -> bool:
    """Read ``(PREP [noun|+|$|^] …)`` into ``result``; False when it cannot be expressed."""
    preposition = parts[0].lower()
    rest = parts[1:]
    heads: set[str] = set()
    for word in rest:
        if word in ("+", "$"):
            marked[word] = f"prep:{preposition}"
        elif word == "^":
            continue
        else:
            if heads:
                return False
            found = noun_heads(word, synsets)
            if found is None:
                return False
            heads = found[0]
    if not rest:  # "(TO)": the preposition's object is the target
        marked["+"] = marked["+"] or f"prep:{preposition}"
    result.prep_objects.append((preposition, heads))
    return True


def read_plover(table: Path, ontology: Path) -> dict[str, tuple[str, str]]:
    """CAMEO code → (PLOVER type, mode): cameo.csv where it lists the code, else CAMEO2PLOVER-2021."""
    modes = {
        name: set(entry.get("modes") or {})
        for name, entry in yaml.safe_load((ontology / "plover_types.yaml").read_text()).items()
    }
    mapping: dict[str, tuple[str, str]] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*(\d{3,4}):\s*([A-Z]+)\s*,\s*([^,#]*)", line.split("#", 1)[0])
        if match and match.group(1) not in mapping:
            kind, mode = match.group(2), match.group(3).strip()
            mapping[match.group(1)] = (kind, mode if mode in modes.get(kind, ()) else "")
    rows = (line for line in (ontology / "cameo.csv").read_text().splitlines() if not line.startswith("#"))
    for row in csv.DictReader(rows):
        mapping[row["code"]] = (row["plover_type"], row["plover_mode"])
    return mapping


def convert(dictionary: Path, plover: dict[str, tuple[str, str]]) -> Converted:
    """The three tables of the broad layer and counts of what was skipped, by reason."""
    lines = dictionary.read_text(encoding="latin-1").splitlines()
    out = Converted(synsets=read_synsets(lines))
    block_code = ""
    block_name = ""
    in_verbs = False
    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].rstrip()
        if "VERB PATTERNS" in raw:
            in_verbs = True
        if not in_verbs or not line.strip() or line.startswith("~"):
            continue
        header = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]\s*---", line)
        if header:
            block_name, block_code = header.group(1), header.group(2).strip()
            continue
        if line.startswith("-"):
            body, code = _split_code(line[1:])
            translation = translate(body, out.synsets)
            if translation is None:
                out.skip("pattern not expressible")
                continue
            row = _row(f"{block_name}:{number}", code, translation, plover)
            if row is None:
                out.skip("statement (CAMEO 01) or no event code")
            else:
                out.patterns.append(row)
            continue
        verb = _verb_line(line, block_code)
        if verb is None:
            out.skip("verb form")
            continue
        lemma, extra, code = verb
        particle, _, word = extra.partition("|")
        out.verbs.append([block_name, lemma, particle, word])
        row = _row(f"{block_name}:{number}", code, Translation(), plover, lemma=lemma)
        if row is not None:
            out.patterns.append(row)
    return out


@dataclass
class Converted:
    """What the converter writes: noun synonym sets, verbs by block, and patterns."""

    synsets: dict[str, set[str]]
    verbs: list[list[str]] = field(default_factory=list)  # block, lemma, particle, object word
    patterns: list[dict[str, str]] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def _split_code(text: str) -> tuple[str, str]:
    match = re.search(r"\[([^\]]*)\]\s*$", text)
    if not match:
        return text, ""
    return text[: match.start()], match.group(1).split(":")[0].strip()


def _verb_line(line: str, block_code: str) -> tuple[str, str, str] | None:
    """(lemma, "particle|object", code) of a verb line: ``HURRY {…} [CODE]``, ``+CALL_OFF [160]``."""
    code_match = re.search(r"\[([^\]]*)\]", line)
    code = code_match.group(1).split(":")[0].strip() if code_match else block_code
    words = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", line).split()
    if len(words) != 1:
        return None
    parts = words[0].split("_")
    if not parts[0].startswith("+") and len(parts) > 1:
        return None  # the verb is not the first word ("WIRE_+TAP")
    lemma = parts[0].lstrip("+").lower()
    if not lemma.isalpha() or lemma.endswith("ed") and len(parts) > 1:
        return None  # an inflected form ("+ANGERED_BY")
    extra = ""
    if len(parts) == 2:
        word = parts[1].lower()
        extra = f"{word}|" if word in PARTICLES else f"|{word}"
    elif len(parts) > 2:
        return None
    return lemma, extra, code


def _row(
    entry: str, code: str, translation: Translation, plover: dict[str, tuple[str, str]], lemma: str = ""
) -> dict[str, str] | None:
    """A pattern row; ``lemma`` for a verb's own code (the isolated verb), else the whole block."""
    if not code or not code.isdigit() or code.startswith("01"):
        return None
    kind, mode = plover.get(code) or plover.get(code[:3]) or ("", "")
    if not kind:
        return None
    return {
        "entry": entry,
        "verb": lemma,
        "cameo": code,
        "type": kind,
        "mode": mode,
        "subject_lemmas": ",".join(sorted(translation.subject_lemmas)),
        "object_lemmas": ",".join(sorted(translation.object_lemmas)),
        "object_modifiers": ",".join(sorted(translation.object_modifiers)),
        "prep_objects": ";".join(f"{p}={','.join(sorted(h))}" for p, h in translation.prep_objects),
        "source": translation.source,
        "target": translation.target,
    }


def render(converted: Converted, licence: str) -> dict[str, str]:
    """File name → text: licence notice and provenance as '#' comments, a header row, the rows."""
    skipped = ", ".join(f"{reason} {count}" for reason, count in sorted(converted.skipped.items()))
    notice = [
        "# GENERATED by tools/convert_petrarch_verbs.py from PETRARCH2's CAMEO verb dictionary",
        "# (CAMEO.2.0.txt, Open Event Data Alliance) and CAMEO2PLOVER-2021. Do not edit by hand: change the",
        "# converter and rerun it. The columns are described in README.md beside this file.",
        f"# {len(converted.patterns)} patterns, {len(converted.verbs)} verbs, "
        f"{len(converted.synsets)} noun synonym sets; skipped lines: {skipped}",
        "#",
        *[f"# {line}".rstrip() for line in licence.strip().splitlines()],
    ]
    tables = {
        SYNSETS: (
            TABLE_COLUMNS["synsets"],
            [[n.lower(), ",".join(sorted(h))] for n, h in converted.synsets.items()],
        ),  # noqa: E501
        VERBS: (TABLE_COLUMNS["verbs"], converted.verbs),
        PATTERNS: (COLUMNS, [[row[c] for c in COLUMNS] for row in converted.patterns]),
    }
    return {
        name: "\n".join(notice + ["\t".join(header)] + ["\t".join(r) for r in rows]) + "\n"
        for name, (header, rows) in tables.items()
    }


def build(dictionaries: Path = DICTIONARIES, tables: Path = PLOVER_TABLES) -> dict[str, str]:
    """File name → text of the broad-layer files, from the given source folders."""
    plover = read_plover(tables / "CAMEO2PLOVER-2021.txt", ONTOLOGY)
    converted = convert(dictionaries / "CAMEO.2.0.txt", plover)
    return render(converted, (dictionaries / "LICENSE").read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dictionaries", type=Path, default=DICTIONARIES)
    parser.add_argument("--ontology", type=Path, default=PLOVER_TABLES)
    parser.add_argument("--out", type=Path, default=OUTPUT, help="folder of the broad layer")
    args = parser.parse_args(argv)
    for path in (args.dictionaries / "CAMEO.2.0.txt", args.ontology / "CAMEO2PLOVER-2021.txt"):
        if not path.is_file():
            print(f"error: {path}: not found", file=sys.stderr)
            return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in build(args.dictionaries, args.ontology).items():
        (args.out / name).write_text(text, encoding="utf-8")
        print(f"wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
