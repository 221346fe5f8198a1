"""Near-duplicate documents (MinHash LSH) and event clusters (one happening, many reports).

See docs/dedup.md for how groups and clusters are formed; the tunables live in data/dedup.yaml.
"""

from eventgraph.dedup.clusters import same_happening
from eventgraph.dedup.minhash import NearDuplicateIndex, Signer, similarity
from eventgraph.dedup.settings import DedupSettings, DedupSettingsError, load_settings
from eventgraph.dedup.update import Deduplicator, DedupSummary, deduplicate

__all__ = [
    "DedupSettings",
    "DedupSettingsError",
    "DedupSummary",
    "Deduplicator",
    "NearDuplicateIndex",
    "Signer",
    "deduplicate",
    "load_settings",
    "same_happening",
    "similarity",
]
