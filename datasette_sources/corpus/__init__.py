"""What needs more than one article: stories, copies between them, passages traced across them.

Pure functions over plain values; :mod:`datasette_sources.store.stories` feeds them
from the database in bounded batches and writes what they find.
"""
