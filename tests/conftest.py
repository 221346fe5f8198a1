"""Shared fixtures: paths to ../shared (read-only inputs) and one spaCy pipeline per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SEEDS_DIR = SHARED / "seeds"
GOLD_FILE = SHARED / "eval" / "seeds.gold.jsonl"
SAMPLES_DIR = REPO_ROOT / "src" / "eventgraph" / "data" / "samples"


def seed_path(prefix: str) -> Path:
    """The seed article whose file name starts with ``prefix`` (``"003"``)."""
    matches = sorted(SEEDS_DIR.glob(f"{prefix}*"))
    if not matches:
        pytest.skip(f"seed {prefix} not found in {SEEDS_DIR}")
    return matches[0]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"{SEEDS_DIR} is missing: tests need ../shared beside the repository")
    return SEEDS_DIR


# ------------------------------------------------ the real actors and annotator, loaded once per run


@pytest.fixture(scope="session")
def catalogue():
    from eventgraph.actors import load_catalogue

    return load_catalogue("south-caucasus")


@pytest.fixture(scope="session")
def resolver(catalogue):
    from eventgraph.actors import ActorResolver

    return ActorResolver(catalogue)


@pytest.fixture(scope="session")
def annotator(catalogue):
    from eventgraph.nlp import Annotator

    return Annotator(catalogue.entity_patterns())


@pytest.fixture(scope="session")
def parts(resolver, annotator):
    """What the coder needs besides itself: the actor resolver and the annotator."""
    return resolver, annotator
