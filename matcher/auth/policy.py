"""The password policy: at least 10 characters and not easy to guess.

"Easy to guess" is zxcvbn's judgement (common passwords, dictionary words, repeats like "aaaa" or
"abcabc", keyboard runs, dates), a score below 3 of 4, with the account's email as a word it also
refuses to accept. Applied wherever a password is chosen: POST /users, `matcher user add`, and accepting
a family invitation (when it creates the account).
"""

from __future__ import annotations

from zxcvbn import zxcvbn

MIN_LENGTH = 10
MIN_SCORE = 3
#: zxcvbn's time grows with length; past this many characters a password is long enough to judge by its start.
_JUDGED = 72


def password_problem(password: str, *, email: str | None = None) -> str | None:
    """Why `password` is refused, in words a person can act on; None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"must be at least {MIN_LENGTH} characters"
    inputs = [email, email.split("@")[0]] if email else []
    verdict = zxcvbn(password[:_JUDGED], user_inputs=inputs)
    if verdict["score"] >= MIN_SCORE:
        return None
    warning = str(verdict["feedback"].get("warning") or "").rstrip(".")
    reason = f" ({warning.lower()})" if warning else ""
    return f"is too easy to guess{reason}: use three or four uncommon words, or a longer phrase"
