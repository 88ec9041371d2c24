"""Fact-check annotator: tag claims, estimates and attributions in news articles."""

__version__ = "0.1.0"
