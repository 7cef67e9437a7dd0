"""Data generators and benchmark scripts, run by hand (never by the test suite)."""
