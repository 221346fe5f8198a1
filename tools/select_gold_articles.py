"""Seeded random choice of reference-corpus articles for the hand-annotated actor and claim dev sets.

Why: the dev sets must come from articles picked by a fixed, documented procedure, not by hand,
and the actor set must reach regions that the Ukraine-centred corpus mentions only rarely.
For each region, the articles that name one of the region's countries at least twice are shuffled
with one seeded generator and the first ones are kept. The claims set uses the same
shuffle over the articles that match a regular expression (a denial verb) instead of a region. Usage:

    python tools/select_gold_articles.py /path/to/ukraine-media.jsonl [--per-region 10] [--seed 12]
    python tools/select_gold_articles.py /path/to/ukraine-media.jsonl --matching REGEX --count 8 --seed 14
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

REGIONS: dict[str, list[str]] = {
    "africa": [
        "Nigeria",
        "Kenya",
        "Ethiopia",
        "Egypt",
        "South Africa",
        "Mali",
        "Sudan",
        "Libya",
        "Somalia",
        "Congo",
        "Senegal",
        "Ghana",
        "Uganda",
        "Algeria",
        "Morocco",
        "Tunisia",
        "Cameroon",
        "Burkina Faso",
        "Niger",
        "Chad",
        "Zimbabwe",
        "Mozambique",
        "Eritrea",
        "Tanzania",
    ],
    "asia": [
        "China",
        "India",
        "Japan",
        "Pakistan",
        "Indonesia",
        "Vietnam",
        "North Korea",
        "South Korea",
        "Taiwan",
        "Philippines",
        "Myanmar",
        "Afghanistan",
        "Kazakhstan",
        "Bangladesh",
        "Sri Lanka",
        "Thailand",
        "Malaysia",
        "Singapore",
        "Mongolia",
        "Uzbekistan",
        "Kyrgyzstan",
        "Tajikistan",
    ],
    "latin_america": [
        "Brazil",
        "Mexico",
        "Argentina",
        "Venezuela",
        "Cuba",
        "Colombia",
        "Chile",
        "Peru",
        "Bolivia",
        "Nicaragua",
        "Ecuador",
        "Uruguay",
        "Paraguay",
        "Honduras",
        "Guatemala",
        "El Salvador",
    ],
    "middle_east": [
        "Israel",
        "Iran",
        "Syria",
        "Turkey",
        "Saudi Arabia",
        "Iraq",
        "Lebanon",
        "Qatar",
        "United Arab Emirates",
        "Yemen",
        "Jordan",
        "Kuwait",
        "Oman",
        "Bahrain",
        "Palestinian",
    ],
    "europe": [
        "Germany",
        "France",
        "Poland",
        "Hungary",
        "Britain",
        "Italy",
        "Spain",
        "Finland",
        "Sweden",
        "Moldova",
        "Belarus",
        "Serbia",
        "Lithuania",
        "Latvia",
        "Estonia",
        "Romania",
        "Bulgaria",
        "Czech",
        "Slovakia",
        "Netherlands",
        "Austria",
        "Greece",
        "Norway",
        "Denmark",
        "Georgia",
        "Armenia",
        "Azerbaijan",
        "Croatia",
        "Slovenia",
        "Ireland",
        "Portugal",
        "Belgium",
    ],
}


def region_articles(records: list[dict], names: list[str], min_mentions: int = 2) -> list[str]:
    """Ids of the records whose text names the region's countries at least `min_mentions` times."""
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
    return [r["id"] for r in records if len(pattern.findall(r.get("text") or "")) >= min_mentions]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--per-region", type=int, default=8)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--matching", help="keep the articles whose text matches this regular expression")
    parser.add_argument("--count", type=int, default=8, help="articles to print with --matching")
    args = parser.parse_args()
    records = [json.loads(line) for line in args.corpus.open(encoding="utf-8") if line.strip()]
    records = [r for r in records if not r.get("abstract_only")]
    rng = random.Random(args.seed)
    if args.matching:
        pattern = re.compile(args.matching)
        ids = sorted(r["id"] for r in records if pattern.search(r.get("text") or ""))
        rng.shuffle(ids)
        print("matching", " ".join(ids[: args.count]))
        return
    taken: set[str] = set()
    for region, names in REGIONS.items():
        ids = sorted(region_articles(records, names))
        rng.shuffle(ids)
        chosen = [i for i in ids if i not in taken][: args.per_region]
        taken.update(chosen)
        print(region, " ".join(chosen))


if __name__ == "__main__":
    main()
