"""Everything the handoff needs to know, from the environment (never from code edits)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lead_handoff.pace import limits as lead_limits

ROOT = Path(__file__).resolve().parent.parent
# The firm's own details default to these placeholders, fit only for local development.
EXAMPLE_FIRM = {
    "FIRM_PRIVACY_URL": "https://example.com/privacy",
    "FIRM_CONTACT_EMAIL": "intake@example.com",
    "FIRM_CONTACT_PHONE": "+1 514 555 0100",
}


class ConfigurationError(RuntimeError):
    """A service refuses to start: the message says which variable to set."""


def var_dir(env: Mapping[str, str] | None = None) -> Path:
    """The installation's own files (SQLite stores, generated secrets): IMP_VAR_DIR, else var/."""
    env = os.environ if env is None else env
    return Path(env.get("IMP_VAR_DIR") or ROOT / "var")


def development(env: Mapping[str, str] | None = None) -> bool:
    """IMP_ENV=development (set by `make run` and the tests): placeholders and plain-HTTP cookies
    are allowed. Anywhere else the services behave as in production."""
    env = os.environ if env is None else env
    return env.get("IMP_ENV") == "development"


def require_firm_details(env: Mapping[str, str] | None = None) -> None:
    """Outside development, a service does not start while the firm's privacy page, phone or e-mail
    is a placeholder: people would be sent to example.com."""
    env = os.environ if env is None else env
    if development(env):
        return
    missing = [name for name, example in EXAMPLE_FIRM.items() if env.get(name, example).strip() in ("", example)]
    if missing:
        raise ConfigurationError(
            f"set {', '.join(missing)} to the firm's own (placeholders are allowed only with IMP_ENV=development)"
        )


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    recipient: str
    username: str | None = None
    password: str | None = None
    starttls: bool = False


@dataclass(frozen=True)
class WebhookSettings:
    url: str
    secret: str


@dataclass(frozen=True)
class Settings:
    database_url: str
    tracker_database_url: str | None
    smtp: SmtpSettings | None
    webhook: WebhookSettings | None
    privacy_url: str
    firm_email: str
    firm_phone: str
    retention_days: int
    conversation_retention_days: int = 30
    # Lead creation limits (lead_handoff/limits.yaml): leads past them are held for review.
    leads_per_address_per_day: int = 10
    hold_scripted: bool = True
    # Where people open what the assistant links (their summary): the web service's public address.
    public_web_url: str = "http://127.0.0.1:8080"
    summary_days: int = 30

    @property
    def targets(self) -> tuple[str, ...]:
        """The configured delivery targets; a lead gets one delivery per target."""
        return tuple(name for name, on in (("email", self.smtp), ("webhook", self.webhook)) if on)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(
            database_url=env.get("LEADS_DATABASE_URL") or f"sqlite:///{var_dir(env) / 'leads.db'}",
            tracker_database_url=tracker_database_url(env),
            smtp=_smtp(env),
            webhook=WebhookSettings(env["LEADS_WEBHOOK_URL"], env["LEADS_WEBHOOK_SECRET"])
            if env.get("LEADS_WEBHOOK_URL") and env.get("LEADS_WEBHOOK_SECRET")
            else None,
            privacy_url=env.get("FIRM_PRIVACY_URL", EXAMPLE_FIRM["FIRM_PRIVACY_URL"]),
            firm_email=env.get("FIRM_CONTACT_EMAIL", EXAMPLE_FIRM["FIRM_CONTACT_EMAIL"]),
            firm_phone=env.get("FIRM_CONTACT_PHONE", EXAMPLE_FIRM["FIRM_CONTACT_PHONE"]),
            retention_days=int(env.get("LEADS_RETENTION_DAYS", "365")),
            conversation_retention_days=int(env.get("CONVERSATION_RETENTION_DAYS", "30")),
            leads_per_address_per_day=int(env.get("LEADS_PER_ADDRESS_PER_DAY") or lead_limits()["per_address_per_day"]),
            hold_scripted=env.get("LEADS_HOLD_SCRIPTED", "1") != "0",
            public_web_url=(env.get("PUBLIC_WEB_URL") or f"http://127.0.0.1:{env.get('WEB_PORT', '8080')}").rstrip("/"),
            summary_days=_positive(env, "SUMMARY_DAYS", 30),
        )


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name) or str(default)
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigurationError(f"{name} must be a whole number of 1 or more, not {raw!r}")
    return int(raw)


def _smtp(env: Mapping[str, str]) -> SmtpSettings | None:
    if not (env.get("LEADS_SMTP_HOST") and env.get("LEADS_EMAIL_TO")):
        return None
    return SmtpSettings(
        host=env["LEADS_SMTP_HOST"],
        port=int(env.get("LEADS_SMTP_PORT", "25")),
        sender=env.get("LEADS_EMAIL_FROM", "intake-assistant@localhost"),
        recipient=env["LEADS_EMAIL_TO"],
        username=env.get("LEADS_SMTP_USER") or None,
        password=env.get("LEADS_SMTP_PASSWORD") or None,
        starttls=env.get("LEADS_SMTP_STARTTLS", "false").lower() in ("1", "true", "yes"),
    )


def tracker_database_url(env: Mapping[str, str] | None = None) -> str:
    """The tracker store bin/serve writes to, unless another is named: deleting a person also deletes
    their conversations, and a lead's page shows its conversation, without another variable to set."""
    env = os.environ if env is None else env
    tracker_db = env.get("RASA_TRACKER_DB") or str(var_dir(env) / "tracker.db")
    return env.get("TRACKER_DATABASE_URL") or f"sqlite:///{tracker_db}"
