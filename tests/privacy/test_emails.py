"""Email addresses."""

from __future__ import annotations

from matcher.privacy import EMAIL, anonymise, find_emails


def test_emails_found() -> None:
    text = "Email janet.smith@example.com or k.brown@leics.example.gov.uk today."
    assert [f.text for f in find_emails(text)] == ["janet.smith@example.com", "k.brown@leics.example.gov.uk"]


def test_not_emails() -> None:
    assert find_emails("He sends @ messages and likes the @home store.") == []


def test_email_holding_a_known_name_is_one_email_finding() -> None:
    redacted, findings = anonymise("Write to jon.smith@example.org.", ["Jonathan Smith"])
    assert [f.type for f in findings] == [EMAIL]
    assert redacted == "Write to [email]."
