"""Panels the insights app shows on other apps' pages (core/panels.py)."""

from idesluss.insights import export_panels  # noqa: F401  (the idea list's export links)
