"""The speed strategy: work that needs no kernel, done at once or in forked workers, with the
same results in the same order, and errors that say what went wrong."""

from __future__ import annotations


import functools
import time

import pytest

from dept_analysis import beside, config

pytestmark = pytest.mark.cores


def _square(n: int) -> int:
    return n * n


def _fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("три")
    return n


def test_one_usable_core_means_the_work_is_done_inline(monkeypatch):
    monkeypatch.setenv("DEPT_REPORT_CPUS", "1")
    assert config.available_cpus() == 1
    assert isinstance(beside.choose(), beside.Inline)


@pytest.mark.skipif(config.available_cpus() < 2, reason="a second usable core")
def test_with_cores_to_spare_the_work_is_forked():
    assert isinstance(beside.choose(), beside.Forked)


@pytest.mark.parametrize("strategy", [beside.Inline(), beside.Forked()])
def test_results_come_back_in_the_order_of_the_items(strategy):
    assert strategy.map(_square, range(7)).result() == [n * n for n in range(7)]


def test_a_worker_that_raises_is_reported_with_its_error():
    with pytest.raises(beside.WorkerFailed, match="ValueError: три"):
        beside.Forked().map(_fail_on_three, range(5)).result()


def test_the_inline_strategy_hands_back_the_error_itself():
    with pytest.raises(ValueError, match="три"):
        beside.Inline().map(_fail_on_three, range(5)).result()


def test_the_forked_workers_are_ended_once_the_result_is_in():
    handle = beside.Forked().map(_square, range(4))
    handle.result()
    assert all(not h._process.is_alive() for h in handle._handles)


def _prepared_marker(path) -> None:
    # Written beside and renamed: the test polls for the file and must not read it half written.
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text("prepared", encoding="utf-8")
    temporary.replace(path)


def _read_with_input(path, argument: int) -> str:
    return f"{path.read_text(encoding='utf-8')} {argument}"


@pytest.mark.parametrize("strategy", [beside.Inline(), beside.Forked()])
def test_work_on_standby_runs_on_the_input_sent_later(strategy, tmp_path):
    marker = tmp_path / "marker"
    marker.write_text("ready", encoding="utf-8")
    waiting = strategy.standby(functools.partial(_read_with_input, marker))
    assert waiting.send(7).result() == "ready 7"


def test_a_forked_standby_prepares_before_its_input_comes(tmp_path):
    marker = tmp_path / "marker"
    waiting = beside.Forked().standby(functools.partial(_read_with_input, marker),
                                      prepare=functools.partial(_prepared_marker, marker))
    try:
        deadline = time.monotonic() + 30
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert marker.read_text(encoding="utf-8") == "prepared", "the worker prepares before it is sent anything"
        assert waiting.send(3).result() == "prepared 3"
    finally:
        waiting.stop()
    assert not waiting._process.is_alive()


def test_a_standby_stopped_before_its_input_is_ended():
    waiting = beside.Forked().standby(_square)
    waiting.stop()
    assert not waiting._process.is_alive()
    with pytest.raises(beside.WorkerFailed):
        waiting.result(timeout=5)


def test_a_standby_that_fails_says_why():
    with pytest.raises(beside.WorkerFailed, match="ValueError: три"):
        beside.Forked().standby(_fail_on_three).send(3).result()
    with pytest.raises(ValueError, match="три"):
        beside.Inline().standby(_fail_on_three).send(3).result()


def test_the_inline_standby_says_when_it_was_never_sent_its_input():
    with pytest.raises(beside.WorkerFailed):
        beside.Inline().standby(_square).result()
