"""Tests of dept_analysis.channel_exports (a package, so its conftest does not shadow tests/conftest.py)."""
