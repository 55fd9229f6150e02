"""Plain helpers shared by the channel export tests (imported by name; fixtures are in conftest.py)."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).parent / "samples"


def by_month(months) -> dict[str, dict[str, int]]:
    """``{"YYYY-MM": MonthCount}`` as plain dicts, for comparing with expected numbers."""
    return {month: count.as_dict() for month, count in months.items()}


def telegram_message(message_id: int, unixtime: int | None, **fields) -> dict:
    """A Telegram Desktop message object, as the exporter writes it."""
    message = {"id": message_id, "type": "message"}
    if unixtime is not None:
        message["date"] = "2021-01-01T00:00:00"
        message["date_unixtime"] = str(unixtime)
    message.update(fields)
    message.setdefault("text", "")
    return message
