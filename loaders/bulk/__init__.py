"""Bulk first loads (`scholargraph load … --bulk`): the batched loader's records and identity
rules, staged on disk (staging.py), then written in one pass through the engine's bulk
import (falkordb_bulk.py); run.py runs the phases."""

# The sources whose records the staging graph takes (staging.py answers the named queries their
# writes run); the others load without --bulk.
SOURCES = ("openalex", "arxiv")
