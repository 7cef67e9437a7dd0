"""Shared fixtures (stage, manager, employee, idea) live in tests/conftest.py."""
