"""Casualty figures tracker: figures out of news text, with their provenance."""
from .extract import extract, extract_text
from .model import Article, Figure

__all__ = ["Article", "Figure", "extract", "extract_text"]
