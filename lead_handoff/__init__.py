"""The lead handoff, with no Rasa import: the lead stored in a real database first (SQLite by
default, PostgreSQL when configured), then delivered to consultants through an outbox (email over
SMTP, a signed JSON webhook), retried with backoff until it succeeds; privacy operations."""
