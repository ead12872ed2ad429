"""Evaluation suites (JSONL datasets, scorers, runner). Imports anything; nothing imports it."""
