"""Fixtures for the channel export tests: the sample folder and small files written on the spot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from .channel_helpers import SAMPLES


@pytest.fixture
def samples() -> Path:
    """The folder of committed sample exports (read only)."""
    return SAMPLES


@pytest.fixture
def write_telegram(tmp_path):
    """Write a single-chat export of the given messages; returns its path."""

    def write(messages, name="result.json", **chat) -> Path:
        path = tmp_path / name
        body = {"name": "Новини громади (приклад)", "type": "public_channel", "id": 1500000001, **chat,
                "messages": messages}
        path.write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")
        return path

    return write
