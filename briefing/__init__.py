"""Briefing: a static site generator for country briefings."""

__version__ = "0.1.0"
