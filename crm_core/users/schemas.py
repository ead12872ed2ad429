from __future__ import annotations

from pydantic import Field, field_validator

from crm_core.enums import Role
from crm_core.schemas import RecordRead, Strict
from crm_core.validation import normalise_email


class UserCreate(Strict):
    email: str
    name: str = Field(min_length=1, max_length=200)
    role: Role

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        normalised = normalise_email(value)
        if normalised is None:
            raise ValueError("an e-mail address is required")
        return normalised


class UserRead(RecordRead):
    email: str
    name: str
    role: Role
    is_active: bool
    is_service: bool
