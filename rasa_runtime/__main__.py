"""python -m rasa_runtime <rasa arguments>: Rasa's command line with this project's patches."""

from __future__ import annotations

from rasa.__main__ import main

from lead_handoff.redact import install_in_records
from rasa_runtime import action_server_down, erasure, fair_nlu, guards, inprocess_actions, patches, warm_up

if __name__ == "__main__":
    install_in_records()  # no email or phone number in the Rasa server's log lines
    patches.apply()
    action_server_down.apply()
    inprocess_actions.apply()
    fair_nlu.apply()
    guards.apply()  # wraps fair_nlu's parse_message
    warm_up.apply()  # wraps guards' configure_app
    erasure.apply()
    main()
