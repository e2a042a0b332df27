"""Planning a refresh over agency-year partitions."""

from pipelines.lib.partitions import plan_refresh

CURRENT = {"2023/a": "h1", "2023/b": "h2", "2024/a": "h3", "2024/b": "h4"}


def test_first_refresh_registers_and_reads_everything_in_sorted_order():
    plan = plan_refresh([], None, CURRENT)
    assert plan.add == ("2023/a", "2023/b", "2024/a", "2024/b")
    assert plan.reread == plan.partition_order == plan.add
    assert plan.partition_range == ("2023/a", "2024/b")
    assert plan.has_work


def test_unchanged_tree_has_no_work():
    plan = plan_refresh(list(CURRENT), dict(CURRENT), CURRENT)
    assert (plan.add, plan.delete, plan.reread, plan.withdrawn) == ((), (), (), ())
    assert plan.partition_range is None
    assert not plan.has_work


def test_one_replaced_file_reads_one_partition():
    replaced = {**CURRENT, "2023/b": "new"}
    plan = plan_refresh(list(CURRENT), dict(CURRENT), replaced)
    assert plan.reread == ("2023/b",)
    assert plan.range_keys == ("2023/b",)


def test_new_year_is_appended_and_read_as_a_range_at_the_end():
    delivered = {**CURRENT, "2025/a": "h5", "2025/b": "h6"}
    plan = plan_refresh(list(CURRENT), dict(CURRENT), delivered)
    assert plan.add == ("2025/a", "2025/b")
    assert plan.partition_order[-2:] == ("2025/a", "2025/b")
    assert plan.range_keys == ("2025/a", "2025/b")


def test_changes_far_apart_read_the_range_between_them():
    changed = {**CURRENT, "2023/a": "x", "2024/a": "y"}
    plan = plan_refresh(list(CURRENT), dict(CURRENT), changed)
    assert plan.reread == ("2023/a", "2024/a")
    assert plan.range_keys == ("2023/a", "2023/b", "2024/a")


def test_withdrawn_delivery_is_dropped_and_needs_a_run_without_a_range():
    remaining = {k: v for k, v in CURRENT.items() if k != "2024/a"}
    plan = plan_refresh(list(CURRENT), dict(CURRENT), remaining)
    assert plan.delete == ("2024/a",)
    assert plan.withdrawn == ("2024/a",)
    assert plan.partition_range is None
    assert plan.has_work


def test_registration_order_is_kept_not_resorted():
    registered = ["2024/a", "2023/a"]  # registered in that order earlier
    plan = plan_refresh(registered, {"2024/a": "h3", "2023/a": "h1"}, CURRENT)
    assert plan.partition_order == ("2024/a", "2023/a", "2023/b", "2024/b")
    assert plan.range_keys == ("2023/b", "2024/b")
