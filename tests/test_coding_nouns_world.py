"""World-news mechanisms of the coder (issue 12): findings of wrongdoing as accusations, and noun events
whose doers are a list of premodifiers. Sentences are our own; the real annotator, actor resolver and
coder run."""

from __future__ import annotations

import pytest

from tests.test_coding import code, facts

# ------------------------------------------------------------------------------ findings of wrongdoing


@pytest.mark.parametrize(
    ("sentence", "coding"),
    [
        ("UN investigators found that the Syrian army had committed war crimes.", ("UN", "ACCUSE", "SYR")),
        ("France concluded that Iran was responsible for the atrocities.", ("FRA", "ACCUSE", "IRN")),
        # no "that": the parser flattens the clause under "the attacks"; the deed's doer is blamed
        (
            "The U.S. government has determined the attacks by the Sudanese army against the Masalit "
            "constituted genocide.",
            ("USA", "ACCUSE", "SDN"),
        ),
    ],
)
def test_a_finding_of_wrongdoing_accuses_the_wrongdoer(parts, sentence, coding):
    assert coding in facts(code(parts, sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "The European Union found that Russia had resumed gas deliveries.",  # no wrong found
        "Ukraine found a mass grave near Izium.",  # a thing found, no clause
        "The court found that Russia had committed war crimes.",  # a court's finding convicts (PLOVER)
    ],
)
def test_findings_of_no_wrong_or_by_a_court_are_no_accusation(parts, sentence):
    events = code(parts, sentence)
    assert not any(e.pattern == "finding_of_wrongdoing.verb" for e in events)
