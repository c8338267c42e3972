"""The national-scale benchmark: synthetic database, timed page queries, pandas twins, page runs and import."""
