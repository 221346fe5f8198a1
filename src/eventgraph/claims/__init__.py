"""Claims: speech acts — who says what about whom, with which stance, and who disputes it (docs/claims.md)."""

from eventgraph.claims.extract import ClaimExtractor
from eventgraph.claims.rules import ClaimRules, load_claim_rules

__all__ = ["ClaimExtractor", "ClaimRules", "load_claim_rules"]
