"""Kyiv time: the department counts its months by the clock on its office wall.

A post at 21:30 UTC on 31 August is 00:30 on 1 September in Kyiv (UTC+3 in summer), so it
belongs to September. Daylight saving time starts on the last Sunday of March and ends on
the last Sunday of October; :mod:`zoneinfo` knows those dates, so no offset is ever assumed.
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@lru_cache(maxsize=None)
def zone(name: str) -> ZoneInfo:
    """Return a time zone by its IANA name; ``Europe/Kyiv`` also under its pre-2022 name.

    Parameters
    ----------
    name : str
        An IANA zone name such as ``"Europe/Kyiv"`` or ``"UTC"``.

    Raises
    ------
    zoneinfo.ZoneInfoNotFoundError
        If the name is unknown.
    """
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        # tzdata before 2022b calls the zone Europe/Kiev; a machine with an old system
        # database and without the tzdata package still has that one.
        if name == "Europe/Kyiv":
            return ZoneInfo("Europe/Kiev")
        raise


def kyiv() -> ZoneInfo:
    """The department's time zone, Europe/Kyiv."""
    return zone("Europe/Kyiv")


def from_unix(seconds: int) -> datetime:
    """The Kyiv time of an epoch second count (Telegram's ``date_unixtime``)."""
    return datetime.fromtimestamp(seconds, tz=timezone.utc).astimezone(kyiv())


def localize(naive: datetime, zone_name: str = "Europe/Kyiv") -> datetime:
    """Attach a zone to a wall-clock time that was written without an offset.

    In the hour repeated when summer time ends, the earlier (summer) reading is taken
    (``fold=0``); either reading lies in the same month, which is all that is counted here.
    """
    return naive.replace(tzinfo=zone(zone_name), fold=0)


def month_key(moment: datetime) -> str:
    """The Kyiv month ("YYYY-MM") of a timezone-aware moment.

    Raises
    ------
    ValueError
        If ``moment`` has no time zone: a naive time could be any of several months.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is needed to know its Kyiv month")
    local = moment.astimezone(kyiv())
    return f"{local.year:04d}-{local.month:02d}"
