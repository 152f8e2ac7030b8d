"""The columns of a homes spreadsheet: the fields of `POST /properties`, documented once for the API,
the page and the downloadable template."""

from __future__ import annotations

import re
from dataclasses import dataclass

from matcher import vocab


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    required: bool
    meaning: str
    example: str
    codes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The column in words, as its header reads ('weekly_rent' is 'Weekly rent')."""
        return column_label(self.name)


#: Several values in one cell: separated by commas, semicolons or line breaks (a code never has one).
LIST_SEPARATORS = re.compile(r"[,;\r\n]")
LIST_SEPARATOR_WORDS = "commas, semicolons or line breaks"

COLUMNS: tuple[Column, ...] = (
    Column("external_ref", True, "Your own reference for the home, unique among your homes. Importing a file "
           "again updates the home with this reference instead of adding another.", "OAK-0001"),
    Column("title", True, "A short title, 3 to 200 characters.", "Two-bedroom bungalow, Shepshed"),
    Column("property_type", True, "The kind of home.", "bungalow", vocab.PROPERTY_TYPES),
    Column("living_arrangement", True, "Lived in alone or shared.", "single_occupancy",
           vocab.LIVING_ARRANGEMENTS),
    Column("max_occupants", False, f"How many people may live there: 1 when lived in alone, 2 to "
           f"{vocab.MAX_SHARING} when shared. Blank means 1.", "1"),
    Column("bedrooms", True, "Number of bedrooms, 1 to 20.", "2"),
    Column("accessibility", False, "Accessibility category, A (wheelchair accessible throughout) to G "
           "(not yet assessed). Blank means G.", "C", vocab.ACCESSIBILITY),
    Column("features", False, "Features, separated by commas or ;", "staff_bedroom; enclosed_garden",
           vocab.PROPERTY_FEATURES),
    Column("assistive_technology", False, "Assistive technology, separated by commas or ;", "door_sensors",
           vocab.ASSISTIVE_TECHNOLOGY),
    Column("tenure", False, "Tenures offered, separated by commas or ;", "social_rent", vocab.TENURES),
    Column("weekly_rent", False, "Weekly rent in pounds, like 180.50. Blank if not set.", "180"),
    Column("available_from", False, "Date the home is ready, as 2027-01-31 or 31/01/2027. Blank if now.",
           "2027-01-01"),
    Column("status", False, "available, let or withdrawn. Blank means available for a new home and keeps "
           "the status of a home already listed. A home reserved for a case keeps its reservation: it is "
           "released from the case, not by an import.", "available", ("available", "let", "withdrawn")),
    Column("location", True, "A town (Shepshed), a postcode or postcode district (LE12 9AA, LE12), or "
           "coordinates as latitude, longitude (52.77, -1.30).", "Shepshed"),
    Column("care_partner_ids", False, "The care providers you partner with, by the name each is registered "
           "under on this service (ask them), or by id, separated by commas, ; or new lines (give the id of "
           "one whose name has a comma). A name is found as on the home's page: the full name, or a part "
           "only one has.", ""),
    Column("description", False, "A description of the home.", "Quiet bungalow with an enclosed garden."),
)
COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
REQUIRED: frozenset[str] = frozenset(column.name for column in COLUMNS if column.required)
LIST_COLUMNS: frozenset[str] = frozenset({"features", "assistive_technology", "tenure", "care_partner_ids"})


def column_label(name: str) -> str:
    """What a column is called in sentences: its template header in words, so it is found in the file."""
    return name.replace("_", " ").capitalize()


def header_key(text: str) -> str:
    """'Weekly Rent' and 'weekly-rent' are the column weekly_rent."""
    return "_".join(text.strip().lower().replace("-", " ").split())
