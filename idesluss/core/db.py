"""Query expressions the apps share."""

from django.db.models import Aggregate, FloatField, IntegerField, QuerySet, Subquery


class CappedCount(Subquery):
    """How many rows a (sliced) queryset has: `CappedCount(ideas.values("pk")[:1001])`
    (unordered: `.order_by()` before the slice) counts at most 1,001, reading at most that many index entries, however many rows
    match (a count of a region's 40,000 ideas took 10 ms). Use with `OuterRef` to count
    per row of the outer query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS capped)"
    output_field = IntegerField()

    def __init__(self, queryset: QuerySet, **extra) -> None:
        super().__init__(queryset, output_field=IntegerField(), **extra)


class Median(Aggregate):
    """PostgreSQL's median (the 50th percentile, interpolated)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()
