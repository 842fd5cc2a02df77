"""The lead store against SQLite and the real PostgreSQL server."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from lead_handoff.db import migrate
from lead_handoff.records import FIELDS, as_csv, record
from lead_handoff.store import LeadStore

from .helpers import lead_data


def test_migrations_create_the_schema_and_run_twice(database_url: str) -> None:
    migrate(database_url)  # already at head: nothing to do, no error
    tables = set(inspect(create_engine(database_url)).get_table_names())
    assert {"leads", "deliveries", "alembic_version"} <= tables


def test_saved_once_per_conversation_with_one_delivery_per_target(store: LeadStore) -> None:
    first = store.save(lead_data(), ("email", "webhook"))
    again = store.save(lead_data(phone="+15145550100"), ("email", "webhook"))
    assert first.created and not again.created and again.lead.id == first.lead.id
    assert len(store.newest_first()) == 1
    assert sorted(d.target for d in store.deliveries()) == ["email", "webhook"]
    assert store.get(first.lead.id).phone == "+15145550199"


def test_no_consent_stores_nothing(store: LeadStore) -> None:
    with pytest.raises(ValueError, match="consent"):
        store.save(lead_data(consent=False), ("email",))
    assert store.newest_first() == []


def test_newest_first_and_mark_contacted(store: LeadStore) -> None:
    older = store.save(lead_data("a"), ()).lead
    newer = store.save(lead_data("b"), ()).lead
    with store._sessions() as session:  # make the order unmistakable
        session.get(type(older), older.id).created_at -= datetime.timedelta(days=1)
        session.commit()
    store.mark_contacted(older.id)
    assert [lead.id for lead in store.newest_first()] == [newer.id, older.id]
    assert store.get(older.id).status == "contacted" and store.get(older.id).contacted_at
    assert store.get(newer.id).status == "new"
    assert not store.mark_contacted("no-such-lead")


def test_the_record_has_the_contract_fields(store: LeadStore) -> None:
    lead = store.save(lead_data(), ()).lead
    data = record(lead)
    assert list(data)[: len(FIELDS)] == list(FIELDS)
    assert data["created_at"].endswith("Z") and data["consent"] is True
    assert data["profile"]["citizenships"] == ["MX"] and data["suggested_routes"] == ["iec_working_holiday"]
    json.dumps(data)


def test_csv_export_neutralizes_formulas(store: LeadStore) -> None:
    store.save(lead_data(name='=HYPERLINK("http://evil")'), ())
    exported = as_csv(store.newest_first())
    assert "'=HYPERLINK" in exported and "+15145550199" in exported


def test_delete_a_person_by_email_or_phone_with_their_conversation(store: LeadStore, tmp_path: Path) -> None:
    tracker_url = f"sqlite:///{tmp_path / 'tracker.db'}"
    tracker = create_engine(tracker_url)
    with tracker.begin() as connection:
        connection.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, data TEXT)"))
        for sender in ("conv-1", "conv-1", "conv-2"):
            connection.execute(text("INSERT INTO events (sender_id, data) VALUES (:s, '{}')"), {"s": sender})
    store.save(lead_data("conv-1"), ("email",))
    store.save(lead_data("conv-2", email="other@example.org", phone="+33612345678"), ("email",))
    removed = store.delete_person(email="ANA@example.org ", tracker_url=tracker_url)
    assert removed == {"leads": 1, "deliveries": 1, "calls_cancelled": 0, "conversation_events": 2, "conversations": 1}
    assert [lead.conversation_id for lead in store.newest_first()] == ["conv-2"]
    assert len(store.deliveries()) == 1
    removed = store.delete_person(phone="+33612345678", tracker_url=tracker_url)
    assert removed["leads"] == 1 and store.newest_first() == []
    with tracker.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM events")).scalar() == 0
    with pytest.raises(ValueError):
        store.delete_person()


def test_delete_finds_the_person_however_the_email_or_phone_is_typed(store: LeadStore) -> None:
    store.save(lead_data("conv-a", email="John.Doe@example.com", phone="+15145550123"), ("email",))
    store.save(lead_data("conv-b", email="other@example.org", phone="+15145550199"), ("email",))
    assert store.delete_person(email="John.Doe@Example.COM")["leads"] == 1
    store.save(lead_data("conv-c", email="x@example.org", phone="+15145550123"), ("email",))
    for typed in ("(514) 555-0123", "514 555 0123", "+1 514-555-0123"):
        assert store.delete_person(phone=typed)["leads"] <= 1
    assert [lead.conversation_id for lead in store.newest_first()] == ["conv-b"]
    with pytest.raises(ValueError, match="not a phone number"):
        store.delete_person(phone="call me")


def test_the_command_line_says_when_nothing_matched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from lead_handoff.cli import main

    monkeypatch.setenv("LEADS_DATABASE_URL", f"sqlite:///{tmp_path / 'leads.db'}")
    monkeypatch.setenv("RASA_TRACKER_DB", str(tmp_path / "absent-tracker.db"))
    assert main(["migrate"]) == 0
    assert main(["delete", "--email", "nobody@example.org"]) == 1
    assert "no lead matches" in capsys.readouterr().err
    assert not (tmp_path / "absent-tracker.db").exists()  # no empty tracker store is made


def test_the_command_line_releases_a_held_lead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from lead_handoff.cli import main
    from lead_handoff.db import migrate, sessions

    url = f"sqlite:///{tmp_path / 'leads.db'}"
    monkeypatch.setenv("LEADS_DATABASE_URL", url)
    monkeypatch.setenv("LEADS_WEBHOOK_URL", "http://127.0.0.1:9/crm")
    monkeypatch.setenv("LEADS_WEBHOOK_SECRET", "s")
    migrate(url)
    store = LeadStore(sessions(url))
    held = store.save({**lead_data("scripted"), "scripted": True}, ("webhook",)).lead
    assert main(["release", held.id]) == 0
    assert [d.target for d in store.deliveries(held.id)] == ["webhook"]
    assert main(["release", held.id]) == 1  # no longer held
    assert "nothing was released" in capsys.readouterr().err


def test_purge_leads_older_than_the_retention(store: LeadStore) -> None:
    store.save(lead_data("old"), ("webhook",))
    store.save(lead_data("new"), ("webhook",))
    with store._sessions() as session:  # age one lead by two years
        lead = session.query(type(store.by_conversation("old"))).filter_by(conversation_id="old").one()
        lead.created_at -= datetime.timedelta(days=730)
        session.commit()
    assert store.purge_older_than(365)["leads"] == 1
    assert [lead.conversation_id for lead in store.newest_first()] == ["new"]


def test_purge_removes_idle_conversations_without_a_lead(store: LeadStore, tmp_path: Path) -> None:
    tracker_url = f"sqlite:///{tmp_path / 'tracker.db'}"
    now = datetime.datetime(2026, 11, 26, 12, 0)
    day = 86_400
    stamp = now.replace(tzinfo=datetime.timezone.utc).timestamp()
    tracker = create_engine(tracker_url)
    with tracker.begin() as connection:
        connection.execute(
            text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp REAL, data TEXT)")
        )
        for sender, age_days in (("idle", 40), ("idle", 35), ("recent", 40), ("recent", 2), ("with-lead", 90)):
            connection.execute(
                text("INSERT INTO events (sender_id, timestamp, data) VALUES (:s, :t, '{}')"),
                {"s": sender, "t": stamp - age_days * day},
            )
    store.save(lead_data("with-lead"), ())
    removed = store.purge_older_than(365, tracker_url, now=now, conversation_days=30)
    assert removed["idle_conversations"] == 1 and removed["leads"] == 0
    with tracker.connect() as connection:
        senders = {row[0] for row in connection.execute(text("SELECT DISTINCT sender_id FROM events"))}
    assert senders == {"recent", "with-lead"}  # a lead's conversation follows the lead's retention


def test_purge_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from lead_handoff.cli import main

    monkeypatch.setenv("LEADS_DATABASE_URL", f"sqlite:///{tmp_path / 'leads.db'}")
    monkeypatch.setenv("RASA_TRACKER_DB", str(tmp_path / "tracker.db"))
    assert main(["purge"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1]) == {
        "leads": 0,
        "deliveries": 0,
        "calls_cancelled": 0,
        "conversation_events": 0,
        "idle_conversations": 0,
    }


def test_a_new_request_in_the_same_conversation_is_a_new_lead(store: LeadStore) -> None:
    first = store.save(lead_data("shared-device", request_key="shared-device#0", name="Ana"), ("email",))
    again = store.save(lead_data("shared-device", request_key="shared-device#0", name="Ana"), ("email",))
    after_start_over = store.save(lead_data("shared-device", request_key="shared-device#1", name="Ben"), ("email",))
    assert first.created and not again.created and again.lead.id == first.lead.id
    assert after_start_over.created and after_start_over.lead.name == "Ben"
    assert {lead.name for lead in store.newest_first()} == {"Ana", "Ben"}


def test_the_migration_keeps_the_leads_of_the_first_schema(database_url: str) -> None:
    from alembic import command
    from alembic.config import Config

    from lead_handoff.db import MIGRATIONS, sessions

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url)
    command.downgrade(config, "0001")
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO leads (id, created_at, conversation_id, channel, language, name, consent, consent_at, profile, "
                "suggested_routes, summary, status) VALUES ('l1', '2026-01-01 00:00:00', 'conv-old', 'rest', 'en', 'Ana', true, "
                "'2026-01-01 00:00:00', '{}', '[]', '', 'new')"
            )
        )
    engine.dispose()
    command.upgrade(config, "head")
    store = LeadStore(sessions(database_url))
    assert store.by_request("conv-old").id == "l1"
    assert not store.save(lead_data("conv-old"), ()).created  # the same request as before the upgrade


def test_stored_fields_hold_no_control_or_format_characters(store: LeadStore) -> None:
    saved = store.save(lead_data("conv-ctl", name="Ana\nstatus: paid\u200b", preferred_time="mornings\r\nx"), ())
    assert saved.lead.name == "Ana status: paid" and saved.lead.preferred_time == "mornings x"


@pytest.mark.parametrize("typed", ["\t=1+1", "\r=1+1", "=1+1", "@SUM(A1)"])
def test_csv_export_neutralizes_every_formula_start(typed: str) -> None:
    from lead_handoff.records import FORMULA_STARTS, _spreadsheet_safe

    assert typed[:1] in FORMULA_STARTS and _spreadsheet_safe(typed).startswith("'")
