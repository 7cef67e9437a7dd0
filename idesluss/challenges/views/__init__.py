"""The needs bank's pages (needs.py) and the challenges' (challenges.py)."""
