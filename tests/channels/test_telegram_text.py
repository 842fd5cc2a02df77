from __future__ import annotations

from channels.telegram import _text_of


def test_start_greets_in_the_language_of_the_telegram_app() -> None:
    assert _text_of({"text": "/start", "from": {"language_code": "fr"}}) == "Bonjour"
    assert _text_of({"text": "/start", "from": {"language_code": "en-GB"}}) == "Hello"
    assert _text_of({"text": "/start@imp_bot"}) == "Hello"


def test_commands_are_words_never_rasa_intent_shortcuts() -> None:
    assert _text_of({"text": "/restart"}) == "restart"
    assert _text_of({"text": '/inform{"age": 31}'}) == 'inform{"age": 31}'


def test_captions_and_stickers_are_read_and_other_updates_ignored() -> None:
    assert _text_of({"caption": "my passport"}) == "my passport"
    assert _text_of({"sticker": {"emoji": "👍"}}) == "👍"
    assert _text_of({"photo": [{}]}) is None
