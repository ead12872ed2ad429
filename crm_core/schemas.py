"""Schema building blocks shared by every record kind: read base, partial updates, list parameters, pages."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Generic, Optional, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainSerializer, create_model

# Money is exact in the database and a JSON number on the wire.
Money = Annotated[
    Decimal,
    Field(ge=0, max_digits=14, decimal_places=2),
    AfterValidator(lambda amount: amount.quantize(Decimal("0.01"))),
    PlainSerializer(float, return_type=float, when_used="json"),
]


class Strict(BaseModel):
    """Input schemas refuse unknown fields, so a typo in a field name is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RecordRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    created_at: datetime
    updated_at: datetime
    version: int


def partial_update_model(create_model_cls: type[BaseModel], name: str) -> type[BaseModel]:
    """The PATCH body of a kind: every create field optional, plus the ``version`` the client last read.

    Field validators of the create schema still apply (they are inherited by name).
    """
    fields = {
        # Keep each field's constraints (lengths, ranges, money rounding) on the non-null value.
        field_name: (
            Optional[Annotated[info.annotation, *info.metadata]] if info.metadata else Optional[info.annotation],
            Field(default=None, description=info.description),
        )
        for field_name, info in create_model_cls.model_fields.items()
    }
    fields["version"] = (int, Field(..., ge=1, description="The version you read; a stale version is refused with 409."))
    return create_model(name, __base__=create_model_cls, **fields)


class ListParams(BaseModel):
    """Query parameters every list route accepts."""

    model_config = ConfigDict(extra="forbid")

    q: str | None = Field(default=None, description="Search by name (and e-mail where the record has one).")
    updated_since: datetime | None = None
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0)
    sort: str = Field(default="-id", description="A column name, '-' in front for descending.")


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
