"""The load benchmark's arithmetic (bench/load.py): percentiles, rows, targets, the table."""

from bench.load import Row, cpu_used, from_wrk, judge, percentile, table


def _row(page: str, kind: str, rps: float, p95: float, errors: int = 0) -> Row:
    return Row(
        page=page, kind=kind, connections=5, seconds=10, requests=int(rps * 10), rps=rps,
        p50=p95 / 2, p95=p95, p99=p95, max=p95, errors=errors, load=0.5,
    )  # fmt: skip


def test_percentile_interpolates() -> None:
    assert percentile([], 0.5) == 0.0
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile(list(map(float, range(101))), 0.95) == 95.0


def test_from_wrk_counts_every_kind_of_error_and_converts_units() -> None:
    result = {
        "requests": 1000, "duration_us": 10_000_000, "unexpected": 2, "connect_errors": 1,
        "read_errors": 0, "write_errors": 0, "timeouts": 3, "p50_us": 12_345,
        "p95_us": 40_000, "p99_us": 60_000, "max_us": 90_000, "exhausted_threads": 1,
    }  # fmt: skip
    row = from_wrk("idea list", "read", 5, result, 1.25)
    assert (row.rps, row.p50, row.p95, row.errors) == (100.0, 12.3, 40.0, 6)
    assert "ran out" in row.note


def test_judge_ratios_and_targets() -> None:
    rows = [
        _row("bare view (ceiling)", "ceiling", 1000, 5),
        _row("idea list", "read", 400, 30),
        _row("board", "read", 100, 60),
        _row("write: move an idea", "write", 350, 120, errors=1),
        _row("bare view (ceiling)", "ceiling", 1000, 5),
    ]
    judge(rows)
    assert rows[1].ratio == 0.4 and rows[1].misses == []
    assert rows[2].misses == ["p95 ≥ 50", "< 30% of ceiling"]
    assert rows[3].misses == ["errors", "p95 ≥ 100"]
    text = table(rows)
    assert "idea list" in text and "< 30% of ceiling" in text and text.count("\n") == 6


def test_cpu_used_counts_new_processes_whole() -> None:
    assert cpu_used({1: 1.0, 2: 5.0}, {1: 1.5, 3: 0.25}) == 0.75
