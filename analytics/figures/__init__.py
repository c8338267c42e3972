"""Plotly figure builders: data frames in, Figure out (never Streamlit)."""
