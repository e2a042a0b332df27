"""Planning a refresh: which deliveries to read, which to drop."""

from pipelines.lib.refresh_plan import plan_refresh

CURRENT = {"2023/a": "h1", "2023/b": "h2", "2024/a": "h3", "2024/b": "h4"}


def test_without_a_usable_build_everything_is_read():
    plan = plan_refresh(None, CURRENT)
    assert plan.everything
    assert plan.only is None
    assert plan.reread == ("2023/a", "2023/b", "2024/a", "2024/b")
    assert plan.has_work


def test_unchanged_tree_has_no_work():
    plan = plan_refresh(dict(CURRENT), CURRENT)
    assert (plan.reread, plan.withdrawn) == ((), ())
    assert plan.only == set()
    assert not plan.has_work


def test_one_replaced_file_reads_one_delivery():
    plan = plan_refresh(dict(CURRENT), {**CURRENT, "2023/b": "new"})
    assert plan.only == {"2023/b"}


def test_new_deliveries_are_read():
    plan = plan_refresh(dict(CURRENT), {**CURRENT, "2025/a": "h5"})
    assert plan.reread == ("2025/a",)


def test_withdrawn_delivery_is_work_with_nothing_to_read():
    remaining = {k: v for k, v in CURRENT.items() if k != "2024/a"}
    plan = plan_refresh(dict(CURRENT), remaining)
    assert plan.withdrawn == ("2024/a",)
    assert plan.reread == ()
    assert plan.has_work
