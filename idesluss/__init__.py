"""Idésluss: IT support for an idea sluice and a municipal innovation programme."""
