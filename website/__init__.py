"""The web service on WEB_PORT: the demo website with the chat widget, /health, and the consultant
inbox (lead_handoff.inbox) under /inbox."""
