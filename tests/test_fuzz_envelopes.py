"""The fast, deterministic part of scripts/fuzz_envelopes.py: 300 malformed envelopes."""

import fuzz_envelopes


def test_300_malformed_envelopes_all_get_an_answer_through_both_doors(settings):
    results = fuzz_envelopes.run(count=300, seed=13, settings=settings)
    assert {key: results[key] for key in ("escapes", "5xx", "invalid_ssml", "broken_rules")} == {
        "escapes": 0, "5xx": 0, "invalid_ssml": 0, "broken_rules": 0}, results["examples"]
    # It fuzzed for real: every mutation ran, and both answers and refusals came back.
    assert set(results["mutations"]) >= {m.__name__ for m in fuzz_envelopes.MUTATIONS} | {"random JSON"}
    assert results["endpoint_status"].get(200, 0) > 50
    assert results["endpoint_status"].get(400, 0) > 50
