from __future__ import annotations

from pathlib import Path

import yaml

from channels.credentials import configured, main

ROOT = Path(__file__).resolve().parents[2]
TELEGRAM = "channels.telegram.TelegramChannel"


def channels() -> dict:
    return yaml.safe_load((ROOT / "credentials.yml").read_text())


def test_messaging_channels_are_off_until_every_variable_is_set() -> None:
    kept, missing = configured(channels(), {"TELEGRAM_BOT_TOKEN": "1:x"})
    assert set(kept) == {"channels.rest.RestChannel", "channels.widget.WidgetChannel"}
    assert missing[TELEGRAM] == ["TELEGRAM_SECRET_TOKEN"]


def test_a_configured_channel_is_opened_with_its_variables_left_for_rasa(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:x")
    monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", "s")
    target = tmp_path / "credentials.yml"
    assert main([str(ROOT / "credentials.yml"), str(target)]) == 0
    written = yaml.safe_load(target.read_text())
    assert written[TELEGRAM] == {"access_token": "${TELEGRAM_BOT_TOKEN}", "secret_token": "${TELEGRAM_SECRET_TOKEN}"}
    assert "1:x" not in target.read_text()  # no secret is written to disk


def test_every_channel_class_named_in_credentials_exists() -> None:
    import importlib

    for name in channels():
        if "." in name:
            module, _, cls = name.rpartition(".")
            assert hasattr(importlib.import_module(module), cls), name
