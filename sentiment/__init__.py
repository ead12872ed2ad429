"""Ticket intelligence: sentiment (negative/neutral/positive with a score), urgency and category of a text."""
