"""Language understanding for the intake conversation, in English and French, with no Rasa import:
the spaCy gazetteer pipeline (countries, nationalities, provinces, cities) and the parsers that
turn free-form answers into profile values (ages, yes/no, French level, TEER, places)."""
