"""Print the seeded random sample of corpus articles that the dev gold (``data/dev_gold``) annotates.

The sample is drawn before anyone looks at the articles or at the coder, so it is not chosen by what
the coder handles: records of 300-1,200 words (whitespace tokens of ``text``), not ``abstract_only``,
naming at least three of a fixed list of states and organisations; sorted by id, shuffled with
``random.Random(13)``, at most three per outlet, taken in order. Topic exclusions applied by hand to
the printed list are in ``data/dev_gold/README.md``. Usage::

    python tools/select_dev_gold.py ../shared/corpora/ukraine-media.jsonl [N]
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter

SEED = 13
PER_OUTLET = 3
MIN_WORDS, MAX_WORDS = 300, 1200
# substrings; an article must contain at least three of them to count as "several actors"
ACTOR_WORDS = (
    "Russia", "Ukrain", "United States", "U.S.", "US ", "America", "China", "Chinese", "Britain", "British",
    "UK ", "France", "French", "Germany", "German", "Poland", "Polish", "Turkey", "Turkish", "Iran", "Israel",
    "Belarus", "NATO", "European Union", "EU ", "United Nations", "UN ", "Japan", "India", "Syria", "Moldova",
    "Georgia", "Kazakhstan", "Finland", "Sweden", "Hungary", "Serbia", "Kosovo", "Armenia", "Azerbaijan",
)  # fmt: skip


def candidates(corpus: str) -> list[tuple[str, str, int, str]]:
    """(id, outlet, words, title) of every record that passes the length and actor filters, sorted by id."""
    found = []
    with open(corpus, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            words = len(record["text"].split())
            if record.get("abstract_only") or not MIN_WORDS <= words <= MAX_WORDS:
                continue
            if sum(word in record["text"] for word in ACTOR_WORDS) >= 3:
                found.append((record["id"], record["source"], words, record["title"]))
    return sorted(found)


def sample(corpus: str, size: int) -> list[tuple[str, str, int, str]]:
    """The first ``size`` shuffled candidates, at most PER_OUTLET from one outlet."""
    pool = candidates(corpus)
    random.Random(SEED).shuffle(pool)
    per_outlet: Counter[str] = Counter()
    chosen = []
    for item in pool:
        if per_outlet[item[1]] < PER_OUTLET:
            per_outlet[item[1]] += 1
            chosen.append(item)
        if len(chosen) == size:
            break
    return chosen


if __name__ == "__main__":
    for number, row in enumerate(sample(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 34), 1):
        print(number, *row, sep=" | ")
