"""Jangkau's engine: database, reference data, sample generator, queries and figures (no Streamlit here)."""

__version__ = "0.1.0"
