"""`bin/leads purge --days N`: 0 is every lead older than now (it once meant the 365-day default);
a negative number is refused with a message saying what to give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lead_handoff.cli import main
from lead_handoff.db import migrate, sessions
from lead_handoff.store import LeadStore

from .helpers import lead_data


@pytest.fixture()
def leads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LeadStore:
    url = f"sqlite:///{tmp_path / 'leads.db'}"
    monkeypatch.setenv("LEADS_DATABASE_URL", url)
    monkeypatch.setenv("RASA_TRACKER_DB", str(tmp_path / "tracker.db"))
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    monkeypatch.delenv("LEADS_RETENTION_DAYS", raising=False)
    migrate(url)
    store = LeadStore(sessions(url))
    store.save(lead_data("just-now"), ("email",))
    return store


def test_days_0_purges_a_lead_saved_a_moment_ago(leads: LeadStore, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["purge", "--days", "0"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["leads"] == 1
    assert leads.newest_first() == []


def test_without_days_the_retention_applies(leads: LeadStore, monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["purge"]) == 0
    monkeypatch.setenv("LEADS_RETENTION_DAYS", "0")
    assert len(leads.newest_first()) == 1  # 365 days by default: a new lead stays
    assert main(["purge"]) == 0
    assert leads.newest_first() == []


@pytest.mark.parametrize("days", ["-1", "-365", "soon"])
def test_a_negative_or_unreadable_number_is_refused(
    days: str, leads: LeadStore, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["purge", "--days", days])
    assert refused.value.code == 2
    assert "--days" in capsys.readouterr().err
    assert len(leads.newest_first()) == 1


def test_a_negative_retention_setting_is_refused(
    leads: LeadStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LEADS_RETENTION_DAYS", "-3")
    with pytest.raises(SystemExit):
        main(["purge"])
    assert "LEADS_RETENTION_DAYS is -3" in capsys.readouterr().err
    assert len(leads.newest_first()) == 1
