"""Rasa SDK actions: thin adapters between the conversation and the engine (imp_engine) and the
answer parsers (intake_nlu). Module map:

- slots.py          which slots make the profile; the derived `voice` slot
- answers.py        validate_<slot> for every profile slot (shared by the form and the global validation)
- questions.py      action_ask_<slot>: each question, rephrased with buttons the second time
- intake_form.py    the intake form: asks only what the engine still needs
- slot_mappings.py  every turn: language, voice, misunderstanding count, corrections outside the form
- suggest.py        the suggestion, with the engine's reasons and each route's first step
- next_steps.py     "what do I need?": the checklist of the routes suggested
- summary.py        "my summary": a page the person keeps, at a link that expires
- conversation.py   restart, pause, misunderstanding
- callback.py       the consultant callback: consent, contact details, the lead
- privacy.py        "delete my data", anywhere
"""

from lead_handoff.redact import install_in_records as _redact_logs

_redact_logs()  # no email or phone number in the action server's log lines


def _warm_up() -> None:
    """Builds at start what the first conversation would otherwise wait seconds for: the gazetteer
    pipeline, every table of the readers (intake_nlu.warm) and the rule book."""
    from imp_engine.engine import assess
    from intake_nlu.warm import warm_up

    warm_up()
    assess({"citizenships": ["FR"], "age": 27})


_warm_up()
