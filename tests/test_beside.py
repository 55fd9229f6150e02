"""The speed strategy: work that needs no kernel, done at once or in forked workers, with the
same results in the same order, and errors that say what went wrong."""

from __future__ import annotations


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
