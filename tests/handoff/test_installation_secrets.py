"""Without ADDRESS_KEY_SECRET / WIDGET_SESSION_SECRET, the address pseudonyms and the widget's
session ids are keyed with a secret the installation made for itself (var/, 0600), never with a
constant anyone could read here: otherwise an IPv4 address is found again by trying all 2^32."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from lead_handoff import installation_secrets
from lead_handoff.addresses import address_key
from lead_handoff.installation_secrets import SECRET_BYTES, installation_secret, read_or_create_secret
from lead_handoff.settings import ROOT, ConfigurationError, Settings

VARIABLES = ("ADDRESS_KEY_SECRET", "WIDGET_SESSION_SECRET")


@pytest.fixture(autouse=True)
def no_configured_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in VARIABLES:
        monkeypatch.delenv(variable, raising=False)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_made_once_private_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    var = tmp_path / "var"
    monkeypatch.setenv("IMP_VAR_DIR", str(var))
    first = installation_secret("address-key", VARIABLES)
    assert len(first) == SECRET_BYTES and first != bytes(SECRET_BYTES)
    assert mode(var) == 0o700 and mode(var / "address-key.secret") == 0o600
    assert installation_secret("address-key", VARIABLES) == first
    assert read_or_create_secret(var / "address-key.secret", "X") == first  # read again, as after a restart
    assert sorted(path.name for path in var.iterdir()) == ["address-key.secret"]  # no draft left


def test_the_environment_wins_and_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMP_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("WIDGET_SESSION_SECRET", "shared-by-replicas")
    assert installation_secret("address-key", VARIABLES) == b"shared-by-replicas"
    monkeypatch.setenv("ADDRESS_KEY_SECRET", "addresses-only")
    assert installation_secret("address-key", VARIABLES) == b"addresses-only"
    assert not (tmp_path / "var").exists()


def test_the_second_of_two_racing_processes_keeps_the_first_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "widget-session.secret"
    winner = os.urandom(SECRET_BYTES)
    link = os.link

    def another_process_links_first(source: Path, target: Path) -> None:
        Path(target).write_text(winner.hex() + "\n", encoding="ascii")
        link(source, target)

    monkeypatch.setattr(installation_secrets.os, "link", another_process_links_first)
    assert read_or_create_secret(path, "WIDGET_SESSION_SECRET") == winner
    assert [entry.name for entry in tmp_path.iterdir()] == ["widget-session.secret"]


def test_two_processes_starting_together_agree(tmp_path: Path) -> None:
    """Two processes make the secrets of the same 30 fresh installations at the same time."""
    script = (
        "import sys; from pathlib import Path\n"
        "from lead_handoff.installation_secrets import read_or_create_secret\n"
        "sys.stdin.readline()\n"  # both start, then go together
        "for n in range(30):\n"
        f"    print(read_or_create_secret(Path({str(tmp_path)!r}) / str(n) / 's.secret', 'X').hex())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
        )
        for _ in range(2)
    ]
    outputs = [process.communicate("go\n", timeout=60)[0].split() for process in processes]
    assert len(outputs[0]) == 30 and outputs[0] == outputs[1]
    assert len(set(outputs[0])) == 30
    assert all(sorted(os.listdir(tmp_path / str(n))) == ["s.secret"] for n in range(30))


def test_an_address_has_another_pseudonym_in_another_installation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = []
    for installation in ("one", "two", "one"):
        monkeypatch.setenv("IMP_VAR_DIR", str(tmp_path / installation))
        keys.append(address_key("203.0.113.7"))
    assert keys[0] == keys[2] != keys[1]
    assert len(keys[0]) == 32


def test_the_widget_and_the_addresses_have_their_own_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from channels.widget import session_secret

    monkeypatch.setenv("IMP_VAR_DIR", str(tmp_path))
    widget = session_secret()
    assert widget == session_secret() == bytes.fromhex((tmp_path / "widget-session.secret").read_text())
    assert widget != installation_secret("address-key", VARIABLES)
    monkeypatch.setenv("WIDGET_SESSION_SECRET", "from-the-environment")
    assert session_secret() == b"from-the-environment"


def test_a_damaged_file_is_refused_with_what_to_do(tmp_path: Path) -> None:
    damaged = tmp_path / "address-key.secret"
    damaged.write_text("not hex\n", encoding="ascii")
    with pytest.raises(ConfigurationError, match="delete it"):
        read_or_create_secret(damaged, "ADDRESS_KEY_SECRET")


def test_a_var_directory_it_cannot_make_names_the_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    in_the_way = tmp_path / "var"
    in_the_way.write_text("a file where the directory should be", encoding="utf-8")
    monkeypatch.setenv("IMP_VAR_DIR", str(in_the_way))
    with pytest.raises(ConfigurationError, match="set ADDRESS_KEY_SECRET"):
        installation_secret("address-key", VARIABLES)


def test_the_stores_live_in_the_same_var_directory(tmp_path: Path) -> None:
    settings = Settings.from_env({"IMP_VAR_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'leads.db'}"
    assert settings.tracker_database_url == f"sqlite:///{tmp_path / 'tracker.db'}"
    assert Settings.from_env({}).database_url == f"sqlite:///{ROOT / 'var' / 'leads.db'}"
