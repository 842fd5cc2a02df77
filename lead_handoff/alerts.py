"""A person asks for a consultant while the firm is open: the consultants on duty are emailed a link
to the conversation in the live view (lead_handoff/inbox_live.py), where one of them can take it
over. One alert per conversation in ALERT_MINUTES; an alert not sent within them is dropped (the
person has the callback offer meanwhile)."""

from __future__ import annotations

import datetime
from email.message import EmailMessage

from sqlalchemy.orm import Session, sessionmaker

from lead_handoff.dashboard import Dashboard
from lead_handoff.live import conversation_ref
from lead_handoff.models import Alert, utcnow

ALERT_MINUTES = 30


def raise_alert(
    sessions: sessionmaker[Session], conversation: str, channel: str, language: str, recipients: list[str]
) -> bool:
    """Queues the alert; False when nobody is on duty or the conversation was alerted just now."""
    if not recipients:
        return False
    ref = conversation_ref(Dashboard(sessions, None).salt(), conversation)
    since = utcnow() - datetime.timedelta(minutes=ALERT_MINUTES)
    with sessions() as session:
        if session.query(Alert).filter(Alert.conversation_ref == ref, Alert.created_at >= since).first():
            return False
        session.add(Alert(conversation_ref=ref, channel=channel[:40], language=language[:2], recipients=recipients))
        session.commit()
        return True


def stale(alert: Alert, now: datetime.datetime) -> bool:
    return bool(alert.created_at < now - datetime.timedelta(minutes=ALERT_MINUTES))


def alert_email(alert: Alert, sender: str, public_web_url: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(alert.recipients)
    message["Subject"] = f"Someone asks to talk to a consultant now ({alert.channel}, {alert.language})"
    link = f"{public_web_url}/inbox/live/c/{alert.conversation_ref}"
    message.set_content(
        f"A person in the chat ({alert.channel}, {alert.language}) asks to talk to someone now.\n\n"
        f"Open the conversation in the live view and take it over: {link}\n\n"
        "If nobody does, the assistant has offered them a callback."
    )
    message["Message-ID"] = f"<{alert.id}@imp-intake>"
    return message
