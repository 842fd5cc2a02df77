"""Delivers what the outbox holds: every pending delivery whose time has come is tried; a failure
is recorded and tried again later, with exponential backoff, until it succeeds. State lives in the
database, so a restart loses nothing; several workers can run (PostgreSQL locks each row)."""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from lead_handoff.alerts import stale
from lead_handoff.dashboard import Dashboard
from lead_handoff.invitations import InvitationMailer
from lead_handoff.models import Alert, Delivery, Invitation, utcnow
from lead_handoff.records import record
from lead_handoff.redact import redact
from lead_handoff.senders import DeliveryError, EmailSender, Sender, WebhookSender
from lead_handoff.settings import Settings

logger = logging.getLogger(__name__)
FIRST_RETRY = datetime.timedelta(seconds=30)
LONGEST_WAIT = datetime.timedelta(hours=1)
BATCH = 50


@dataclass(frozen=True)
class Report:
    sent: int
    failed: int


def backoff(attempts: int) -> datetime.timedelta:
    """30 s, 1 min, 2 min, … never more than an hour between tries."""
    wait: datetime.timedelta = FIRST_RETRY * 2 ** max(attempts - 1, 0)
    return min(wait, LONGEST_WAIT)


def senders_for(settings: Settings) -> dict[str, Sender]:
    senders: dict[str, Sender] = {}
    if settings.smtp:
        senders["email"] = EmailSender(settings.smtp)
    if settings.webhook:
        senders["webhook"] = WebhookSender(settings.webhook)
    return senders


class Outbox:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        senders: Mapping[str, Sender],
        clock: Callable[[], datetime.datetime] = utcnow,
        invitations: InvitationMailer | None = None,
        dashboard: Dashboard | None = None,
    ) -> None:
        self._sessions, self._senders, self._clock = sessions, senders, clock
        self._invitations, self._dashboard = invitations, dashboard

    def deliver_due(self) -> Report:
        """The leads' deliveries due, then the emails about booked calls."""
        sent = failed = 0
        for table, attempt in ((Delivery, self._attempt), (Invitation, self._invite), (Alert, self._alert)):
            with self._sessions() as session:
                query = (
                    session.query(table)
                    .filter(table.status == "pending", table.next_attempt_at <= self._clock())
                    .order_by(table.next_attempt_at)
                    .limit(BATCH)
                )
                if session.bind is not None and session.bind.dialect.name == "postgresql":
                    query = query.with_for_update(skip_locked=True)  # another worker has it: skip
                for row in query.all():
                    if attempt(row):
                        sent += 1
                    else:
                        failed += 1
                    session.commit()  # each outcome recorded before the next attempt
        return Report(sent, failed)

    def _invite(self, invitation: Invitation) -> bool:
        mailer = self._invitations
        send = (lambda: mailer.send(invitation, self._clock())) if mailer else None
        if not self._tried(invitation, send, "no email sender or availability configured for invitations"):
            return False
        logger.info("sent the %s invitation %s to the %s", invitation.kind, invitation.id, invitation.recipient)
        return True

    def _alert(self, alert: Alert) -> bool:
        if stale(alert, self._clock()):  # too late to join the conversation: the callback offer stands
            alert.attempts, alert.status = alert.attempts + 1, "expired"
            return False
        mailer = self._invitations
        send = (lambda: mailer.send_alert(alert)) if mailer else None
        if not self._tried(alert, send, "no email sender or availability configured for alerts"):
            return False
        logger.info("sent alert %s to %d consultant(s) on duty", alert.id, len(alert.recipients))
        return True

    def _attempt(self, delivery: Delivery) -> bool:
        sender = self._senders.get(delivery.target)
        send = (lambda: sender.send(record(delivery.lead), delivery.id)) if sender else None
        if not self._tried(delivery, send, f"no sender configured for {delivery.target}"):
            return False
        logger.info("delivered lead %s to %s (attempt %d)", delivery.lead_id, delivery.target, delivery.attempts)
        return True

    def _tried(self, row: Delivery | Invitation | Alert, send: Callable[[], None] | None, missing: str) -> bool:
        """One attempt at a row: sent, or its error kept and its next try set (also when there is no
        way to send it: the configuration may come)."""
        row.attempts += 1
        if send is None:
            return self._failed(row, missing)
        try:
            send()
        except DeliveryError as error:
            return self._failed(row, str(error))
        row.status, row.sent_at, row.last_error = "sent", self._clock(), None
        return True

    def _failed(self, row: Delivery | Invitation | Alert, reason: str) -> bool:
        row.last_error = redact(reason)[:500]
        row.next_attempt_at = self._clock() + backoff(row.attempts)
        if isinstance(row, Delivery):
            what = f"delivery of lead {row.lead_id} to {row.target}"
        elif isinstance(row, Invitation):
            what = f"{row.kind} invitation {row.id} to the {row.recipient}"
        else:
            what = f"alert {row.id}"
        logger.warning(
            "%s failed (attempt %d): %s; next try at %s",
            what,
            row.attempts,
            row.last_error,
            row.next_attempt_at,
        )
        return False

    def run(self, stop: threading.Event, interval: float = 5.0) -> None:
        """Delivers until stop is set; a database outage is waited out, not fatal."""
        while not stop.is_set():
            try:
                self.deliver_due()
            except Exception as error:
                logger.error("outbox pass failed: %s", redact(f"{type(error).__name__}: {error}")[:300])
            self._count_for_the_dashboard(interval)
            stop.wait(interval)

    def _count_for_the_dashboard(self, budget_seconds: float) -> None:
        """Between passes, the dashboard's counts catch up (its page then has little left to count)."""
        if self._dashboard is None:
            return
        try:
            self._dashboard.refresh(budget_seconds)
        except Exception as error:
            logger.error("dashboard count failed: %s", redact(f"{type(error).__name__}: {error}")[:300])
