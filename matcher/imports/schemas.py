"""The answer of `POST /properties/import`, exactly as API.md names it (plus a per-row preview)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr


class RowError(BaseModel):
    row: int = Field(description="data rows counted from 1 (the header row is not counted); 0 is the file")
    field: str
    message: str
    #: The message as pages say it (readable labels, the spreadsheet's row numbers) when it differs from
    #: `message` (codes, data rows); never in the API's answer.
    _words: str | None = PrivateAttr(default=None)

    @classmethod
    def said(cls, row: int, field: str, message: str, words: str | None = None) -> RowError:
        error = cls(row=row, field=field, message=message)
        error._words = words
        return error

    @property
    def words(self) -> str:
        return self._words or self.message


class Normalisation(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    row: int
    field: str
    from_: str = Field(alias="from", serialization_alias="from")
    to: str


class FieldChange(BaseModel):
    """One value an update changes, in words: `label` is the column as its header reads."""

    field: str
    label: str
    before: str
    after: str


class RowPreview(BaseModel):
    row: int
    external_ref: str
    action: Literal["create", "update", "unchanged", "error"]
    title: str
    changed: list[str] = Field(default_factory=list, description="the fields an update changes")
    changes: list[FieldChange] = Field(default_factory=list,
                                       description="each changed field's value before and after, in words")


class ImportReport(BaseModel):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = Field(default_factory=list)
    normalised: list[Normalisation] = Field(default_factory=list)
    dry_run: bool
    written: bool = Field(description="false on a dry run, and when a row error blocked the import")
    rows: list[RowPreview] = Field(default_factory=list)
    #: The spreadsheet's number of the header row: data row n is its row `header_row + n` (pages only).
    _header_row: int = PrivateAttr(default=1)
