"""The fast, deterministic part of scripts/fuzz_envelopes.py: 300 malformed envelopes."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scripts"))

import fuzz_envelopes  # noqa: E402


def test_300_malformed_envelopes_all_get_an_answer_through_both_doors():
    results = fuzz_envelopes.run(count=300, seed=13)
    assert {key: results[key] for key in ("escapes", "5xx", "invalid_ssml", "broken_rules")} == {
        "escapes": 0, "5xx": 0, "invalid_ssml": 0, "broken_rules": 0}, results["examples"]
    # It fuzzed for real: every mutation ran, and both answers and refusals came back.
    assert set(results["mutations"]) >= {m.__name__ for m in fuzz_envelopes.MUTATIONS} | {"random JSON"}
    assert results["endpoint_status"].get(200, 0) > 50
    assert results["endpoint_status"].get(400, 0) > 50
