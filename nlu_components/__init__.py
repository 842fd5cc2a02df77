"""Rasa NLU components of the project: thin adapters over intake_nlu."""
