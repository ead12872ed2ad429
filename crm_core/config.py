"""Settings read from the environment (prefix ``CRM_``) and ``.env``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CRM_", env_file=".env", extra="ignore")

    environment: str = "development"
    data_dir: Path = Path("./data")
    database_url: str | None = None
    chroma_url: str | None = None
    llm: str = "local"
    llm_base_url: str | None = None
    embedding_model: str | None = None
    # Hub model ids (CRM_EMBEDDING_MODEL, CRM_SENTIMENT_MODEL) are fetched only when this is set.
    allow_model_download: bool = False
    sentiment_model: str | None = None
    # Score tickets and inbound messages on write (off: they are saved unscored until `crm sentiment rescore`).
    sentiment_scoring: bool = True
    # A ticket that turns negative with high/urgent urgency gets at least that priority.
    escalate_negative_urgent: bool = True
    identity_secret: str | None = None
    # Approved drafts go out through this SMTP server; without one they are written to the outbox table.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_from: str = "crm@localhost"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    # Where people reach this server (links from Slack to help-centre articles); None: no links.
    public_url: str | None = None
    slack_api_url: str = "https://slack.com/api/"
    slack_alert_channel: str | None = None
    # Region used to read phone numbers written without a country code.
    default_phone_region: str = "US"
    default_currency: str = "USD"
    # Slack's own variables carry no CRM_ prefix.
    slack_bot_token: str | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(default=None, validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")

    @model_validator(mode="after")
    def _refuse_unsafe_secrets(self) -> "Settings":
        if self.environment == "production" and self.identity_secret in (None, "", "changeme"):
            raise ValueError("CRM_IDENTITY_SECRET must be set to a real secret when CRM_ENVIRONMENT=production")
        return self

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite:///{(self.data_dir / 'crm.sqlite3').resolve()}"


def normalise_database_url(url: str) -> str:
    """Accept the common ``postgres://`` / ``postgresql://`` spellings and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


@lru_cache
def get_settings() -> Settings:
    return Settings()
