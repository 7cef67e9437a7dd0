"""The export benchmark's helpers (bench/export_bench.py) on a small dataset: 5,000 ideas
exported as CSV and Excel, every row, in bounded memory (not a timed test: the seconds
are the benchmark's to report)."""

import pytest

from bench import export_bench
from bench.export_bench import Measurement, verdict
from tests.factories import UserFactory


@pytest.mark.django_db
def test_exports_of_5000_ideas_have_every_row_in_bounded_memory(org):
    export_bench.make_ideas(5000)
    viewer = UserFactory(roles=["coordinator"])
    csv_run = export_bench.measure("CSV", lambda: export_bench.export_csv(viewer))
    assert csv_run.rows == 5000
    assert csv_run.bytes > 5000 * 40
    # Python's allocations at their peak: a few chunks of rows, not the whole file
    # (5,000 ideas make about 0.6 MB of CSV; a chunk of 2,000 rows is held at a time).
    assert csv_run.peak_mb < 30
    excel_run = export_bench.measure("Excel", lambda: export_bench.export_excel(viewer))
    assert excel_run.rows == 5000
    assert excel_run.peak_mb < 40


def test_verdict_scales_to_100000_ideas():
    fast = Measurement("CSV", rows=5000, bytes=1, seconds=0.4, peak_mb=120)
    assert "here 8.0 s for 100,000: ok" in verdict(fast, ideas=5000)
    slow = Measurement("CSV", rows=5000, bytes=1, seconds=0.6, peak_mb=300)
    text = verdict(slow, ideas=5000)
    assert "here 12.0 s for 100,000: MISSED" in text
    assert "(MISSED)" in text
