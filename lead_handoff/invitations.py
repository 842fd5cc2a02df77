"""The emails about a booked call, each with its calendar invitation (RFC 5545, built with the
icalendar library): METHOD:REQUEST when booked, METHOD:CANCEL (same UID, higher SEQUENCE) when
cancelled, so that a calendar that imported the first removes the call. Sent by the outbox worker."""

from __future__ import annotations

import datetime
from email.message import EmailMessage
from functools import cache
from pathlib import Path
from typing import Any

import icalendar
import yaml

from lead_handoff.alerts import alert_email
from lead_handoff.appointments import link_token
from lead_handoff.availability import Availability, availability_from_env, said_time
from lead_handoff.models import Alert, Appointment, Invitation, Lead
from lead_handoff.senders import DeliveryError, send_email
from lead_handoff.settings import Settings, SmtpSettings

TEXTS = Path(__file__).with_name("invitation_texts.yaml")
PRODUCT = "-//imp-intake//booked calls//EN"
CANCELLING = ("cancelled", "erased")  # erased: cancelled because the person's data was deleted


@cache
def texts() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(TEXTS.read_text(encoding="utf-8"))
    return loaded


def calendar(
    row: Appointment, availability: Availability, kind: str, organizer: str, stamp: datetime.datetime
) -> bytes:
    consultant = availability.consultant(row.consultant)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if kind in CANCELLING else "REQUEST")
    event = icalendar.Event()
    event.add("uid", f"{row.id}@imp-intake")
    event.add("sequence", 1 if kind in CANCELLING else 0)
    event.add("dtstamp", stamp.replace(tzinfo=datetime.timezone.utc))
    event.add("dtstart", row.start_at.replace(tzinfo=datetime.timezone.utc))
    event.add("dtend", row.end_at.replace(tzinfo=datetime.timezone.utc))
    event.add("summary", f"Call with {consultant.name if consultant else 'a consultant'}")
    event.add("status", "CANCELLED" if kind in CANCELLING else "CONFIRMED")
    event.add("organizer", f"mailto:{organizer}")
    if row.lead is not None and row.lead.email:
        event.add("attendee", f"mailto:{row.lead.email}")
    if consultant:
        event.add("attendee", f"mailto:{consultant.email}")
    cal.add_component(event)
    return bytes(cal.to_ical())


def email(
    row: Appointment,
    recipient: str,
    kind: str,
    availability: Availability,
    sender: str,
    link: str,
    stamp: datetime.datetime,
) -> EmailMessage:
    """The email to the person (their language and zone) or the consultant (English, their zone).
    A call whose person's data was deleted has no lead: its email says nothing of the person."""
    lead, consultant = row.lead, availability.consultant(row.consultant)
    start = row.start_at.replace(tzinfo=datetime.timezone.utc)
    language = lead.language if recipient == "person" else "en"
    reader_zone = row.timezone if recipient == "person" else (consultant.zone if consultant else availability.zone)
    values = {
        "consultant": consultant.name if consultant else row.consultant,
        "when": said_time(start, reader_zone, language),
        "firm_when": said_time(start, availability.zone, language),
        "link": link,
        **(_person(lead, start, row.timezone) if lead is not None else {}),
    }
    text = texts()[recipient][kind]
    message = EmailMessage()
    message["From"] = sender
    message["To"] = lead.email if recipient == "person" else (consultant.email if consultant else sender)
    message["Subject"] = text["subject"][language].format(**values)
    message.set_content(text["body"][language].format(**values))
    method = "CANCEL" if kind in CANCELLING else "REQUEST"
    message.add_attachment(
        calendar(row, availability, kind, sender, stamp),
        maintype="text",
        subtype="calendar",
        filename="invite.ics",
        params={"method": method},
    )
    return message


def _person(lead: Lead, start: datetime.datetime, zone: str) -> dict[str, str]:
    return {
        "name": lead.name,
        "person_when": said_time(start, zone, "en"),
        "timezone": zone,
        "phone": lead.phone or "-",
        "email": lead.email or "-",
        "language": lead.language,
        "routes": ", ".join(lead.suggested_routes or []) or "none",
    }


class InvitationMailer:
    """Sends one invitation row (the booking's email with its .ics), or an alert to the consultants on
    duty, through the firm's SMTP server."""

    def __init__(self, smtp: SmtpSettings, availability: Availability, public_web_url: str) -> None:
        self._smtp, self._availability, self._web = smtp, availability, public_web_url

    def send(self, invitation: Invitation, stamp: datetime.datetime) -> None:
        row = invitation.appointment
        link = f"{self._web}/appointment/{link_token(row.id)}"
        message = email(row, invitation.recipient, invitation.kind, self._availability, self._smtp.sender, link, stamp)
        message["Message-ID"] = f"<{invitation.id}@imp-intake>"  # the same on every retry
        send_email(self._smtp, message)

    def send_alert(self, alert: Alert) -> None:
        """The on-duty consultants' email: someone asks for a person now (lead_handoff/alerts.py)."""
        send_email(self._smtp, alert_email(alert, self._smtp.sender, self._web))


def invitation_mailer(settings: Settings) -> InvitationMailer | None:
    """The mailer, when the firm has both an SMTP server and availability (AVAILABILITY_FILE)."""
    availability = availability_from_env()
    if settings.smtp is None or availability is None:
        return None
    return InvitationMailer(settings.smtp, availability, settings.public_web_url)


def send_summary(smtp: SmtpSettings, to: str, language: str, link: str, days: int) -> bool:
    """The summary's link by email, now (the link is in the chat too: a failure is said, not retried,
    and the link is never stored to be sent later)."""
    text = texts()["summary"]
    message = EmailMessage()
    message["From"], message["To"] = smtp.sender, to
    message["Subject"] = text["subject"][language]
    message.set_content(text["body"][language].format(link=link, days=days))
    try:
        send_email(smtp, message)
    except DeliveryError:
        return False
    return True
