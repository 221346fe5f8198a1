"""Print the seeded random draw of corpus sentences that ``data/dev_gold/types.dev.jsonl`` annotates.

The draw is made before anyone reads the sentences or runs the coder on them, so it is not chosen by
what the coder handles. Each record's ``text`` is split into sentences at ". ", "! ", "? " before a
capital or a quote; a sentence is a candidate when it has 8-25 words, does not open with a pronoun or
a quotation mark (it must stand alone, as the PLOVER gold sentences do), and matches one of the
keyword expressions below, written per event kind (withdrawals, protests, aid, concessions,
agreements, coercion, mobilisation) from the PLOVER manual's definitions, not from the coder's
lexicon. The hits of each kind are sorted by (record id, sentence number), shuffled with
``random.Random(SEED)`` and the first ``PER_KIND`` taken, at most one sentence per record over the
whole draw. The kind is only how a sentence was found: its gold type is annotated by hand and may be
another type or none. Usage::

    python tools/select_type_sentences.py ../shared/corpora/ukraine-media.jsonl [PER_KIND]
"""

from __future__ import annotations

import json
import random
import re
import sys

SEED = 4
PER_KIND = 14
MIN_WORDS, MAX_WORDS = 8, 25
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
OPENERS = re.compile(r"^(?:[\"“'‘]|(?:He|She|It|They|We|I|You|This|That|These|Those|His|Her|Its|Their)\b)")
KINDS = {
    "withdrawal": r"\b(?:withdr[ae]w\w*|pull(?:ed|ing|s)? (?:out|back)|retreat\w*|ceasefire|truce|"
    r"released? \w* ?(?:prisoners|hostages|detainees)|evacuat\w+ (?:troops|forces))\b",
    "protest": r"\b(?:protest(?:s|ed|ers|ing)?|demonstrat(?:ions?|ors|ed)|rall(?:y|ies|ied)|"
    r"went on strike|on strike|strikes? by|walkout|hunger strike)\b",
    "aid": r"\b(?:humanitarian (?:aid|assistance)|military (?:aid|assistance)|provid(?:ed|es|ing) \w+|"
    r"donat\w+|evacuat(?:ed|ing|ion)|intelligence sharing|shared intelligence|financial aid|aid to)\b",
    "concession": r"\b(?:lift(?:ed|s|ing)? (?:the |its |a )?\w*\s?"
    r"(?:ban|curfew|restrictions|sanctions|embargo)|"
    r"eas(?:ed|es|ing) (?:the |its )?\w*\s?(?:restrictions|curfew|rules)|relax(?:ed|es|ing)|"
    r"pardon\w*|amnesty|backed down|conce(?:ded|ssions?))\b",
    "agreement": r"\b(?:signed (?:an?|the) \w*\s?(?:agreement|deal|accord|memorandum|treaty|contract)|"
    r"reached (?:an?|the) \w*\s?(?:agreement|deal|accord)|agreed to|struck a deal|pledged)\b",
    "coercion": r"\b(?:arrest(?:ed|s)|detain(?:ed|s)|seiz(?:ed|es|ure)|confiscat\w+|banned|expell?ed|"
    r"curfew|raided|imposed martial law|state of emergency|blockade)\b",
    "mobilisation": r"\b(?:deploy(?:ed|s|ing|ment)|mobili[sz](?:ed|ation|ing)|amass(?:ed|ing)|"
    r"reinforcements|military (?:exercises|drills)|put (?:its |on )?\w* ?(?:on )?(?:high )?alert|"
    r"sent (?:more )?(?:troops|soldiers))\b",
}


def sentences(text: str) -> list[str]:
    """The record's sentences, whitespace folded."""
    return [" ".join(s.split()) for s in SENTENCE_END.split(text) if s.strip()]


def hits(corpus: str) -> dict[str, list[tuple[str, int, str]]]:
    """(record id, sentence number, sentence) per kind, sorted; a sentence may hit several kinds."""
    found: dict[str, list[tuple[str, int, str]]] = {kind: [] for kind in KINDS}
    patterns = {kind: re.compile(expr, re.IGNORECASE) for kind, expr in KINDS.items()}
    with open(corpus, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            for number, sentence in enumerate(sentences(record["text"])):
                if not MIN_WORDS <= len(sentence.split()) <= MAX_WORDS or OPENERS.match(sentence):
                    continue
                for kind, pattern in patterns.items():
                    if pattern.search(sentence):
                        found[kind].append((record["id"], number, sentence))
    return {kind: sorted(items) for kind, items in found.items()}


def draw(corpus: str, per_kind: int) -> list[tuple[str, str, int, str]]:
    """(kind, record id, sentence number, sentence): the first ``per_kind`` shuffled hits of each kind."""
    chosen: list[tuple[str, str, int, str]] = []
    used: set[str] = set()
    for kind, items in hits(corpus).items():
        random.Random(SEED).shuffle(items)
        taken = 0
        for doc, number, sentence in items:
            if doc in used:
                continue
            used.add(doc)
            chosen.append((kind, doc, number, sentence))
            taken += 1
            if taken == per_kind:
                break
    return chosen


if __name__ == "__main__":
    size = int(sys.argv[2]) if len(sys.argv) > 2 else PER_KIND
    for kind, doc, number, sentence in draw(sys.argv[1], size):
        print(
            json.dumps(
                {"kind": kind, "doc": doc, "sentence_index": number, "text": sentence}, ensure_ascii=False
            )
        )
