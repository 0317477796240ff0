"""Bulk first loads (`scholargraph load … --bulk`): the batched loader's records and identity
rules, staged on disk (staging.py), then written in one pass through the engine's bulk
import (falkordb_bulk.py); run.py runs the phases."""
