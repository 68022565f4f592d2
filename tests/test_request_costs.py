"""Memory round trips: every kind of request reads memory at most once and writes it at most once.

Counted through ``lambda_handler.handler`` by ``scripts/request_costs.py`` (which
``make bench`` also runs, on DynamoDB too). Before the per-request turn, starting a
session that replaced a running one made one read and four writes.
"""


import request_costs


def test_every_request_type_reads_and_writes_memory_at_most_once(tmp_path):
    rows = request_costs.storage_operations(str(tmp_path), stores=("sqlite",))["sqlite"]
    assert len(rows) >= 20
    too_many = [row for row in rows if row["reads"] > 1 or row["writes"] > 1]
    assert too_many == []
    by_request = {row["request"]: (row["reads"], row["writes"]) for row in rows}
    assert by_request["start heat, replacing the running ice"] == (1, 1)
    assert by_request["emergency"] == (0, 0)
    assert by_request["launch, returning"] == (1, 0)  # nothing changed: nothing written
