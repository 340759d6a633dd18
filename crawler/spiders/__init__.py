"""Spiders: one per portal section, navigation only."""
