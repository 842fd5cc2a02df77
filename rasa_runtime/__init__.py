"""The Rasa server process as this project runs it: Rasa 3.6's own `rasa run`, with the fixes in
`patches.py` applied first (python -m rasa_runtime run ...; bin/rasa-server does this)."""
