"""Where approved e-mails go: an SMTP server when one is configured, otherwise the outbox table."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from sqlalchemy.orm import Session

from crm_core.drafts.models import Draft, OutboxEmail


class Mailer(Protocol):
    name: str

    def send(self, session: Session, draft: Draft) -> None:
        """Send or queue; raise on failure (the draft then stays approved, with the error)."""


class OutboxMailer:
    """Writes the e-mail to the outbox table, in the same transaction as the approval."""

    name = "outbox"

    def send(self, session: Session, draft: Draft) -> None:
        session.add(OutboxEmail(draft_id=draft.id, to_email=draft.to_email, subject=draft.subject, body=draft.body))


@dataclass
class SmtpMailer:
    host: str
    port: int = 587
    sender: str = "crm@localhost"
    username: str | None = None
    password: str | None = None
    starttls: bool = True
    timeout: float = 10.0  # an unreachable server fails the approval quickly instead of hanging the request
    name: str = "smtp"

    def send(self, session: Session, draft: Draft) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = draft.to_email
        message["Subject"] = draft.subject
        message.set_content(draft.body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)


def mailer_from(settings) -> Mailer:
    if settings.smtp_host:
        return SmtpMailer(host=settings.smtp_host, port=settings.smtp_port, sender=settings.smtp_from,
                          username=settings.smtp_username, password=settings.smtp_password,
                          starttls=settings.smtp_starttls)
    return OutboxMailer()
