"""Agency-year partitions: which to register, which to drop, which a refresh re-reads.

Every folder ``raw/<year>/<agency>/`` is one partition, keyed ``<year>/<agency>`` like
the folder. The build remembers the content hash of every agency-year it holds; a
refresh re-reads the agency-years whose hash differs from raw/ (new or replaced
deliveries) and drops those whose folder is gone (withdrawn deliveries).

A Dagster run reads one contiguous range of partitions, so the plan gives the range
from the first to the last agency-year to re-read, in partition order. Partitions are
registered in sorted order and later deliveries are appended, so one replaced file is
a range of one and a new fiscal year is a range at the end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RefreshPlan:
    """What a refresh must do to bring the build in line with raw/."""

    add: tuple[str, ...]  # partitions to register (new agency-year folders)
    delete: tuple[str, ...]  # partitions to remove (folders gone from raw/)
    partition_order: tuple[str, ...]  # the registered partitions once add/delete applied
    reread: tuple[str, ...]  # agency-years whose files differ from the build's
    withdrawn: tuple[str, ...]  # agency-years the build holds but raw/ no longer has

    @property
    def partition_range(self) -> tuple[str, str] | None:
        """First and last partition a run must read; None when none has to be read."""
        if not self.reread:
            return None
        return self.reread[0], self.reread[-1]

    @property
    def range_keys(self) -> tuple[str, ...]:
        """Every partition inside :attr:`partition_range` (unchanged ones included)."""
        if not self.reread:
            return ()
        first = self.partition_order.index(self.reread[0])
        last = self.partition_order.index(self.reread[-1])
        return self.partition_order[first : last + 1]

    @property
    def has_work(self) -> bool:
        return bool(self.reread or self.withdrawn)


def plan_refresh(
    registered: Sequence[str], built: Mapping[str, str] | None, current: Mapping[str, str]
) -> RefreshPlan:
    """Plan a refresh.

    ``registered``: the partition keys Dagster knows, in their order; ``built``: content
    hash per agency-year the build holds (None: no usable build, so re-read everything);
    ``current``: content hash per agency-year folder in raw/ now.
    """
    add = tuple(sorted(set(current) - set(registered)))
    delete = tuple(sorted(set(registered) - set(current)))
    order = tuple(key for key in registered if key in current) + add
    if built is None:
        stale, withdrawn = set(current), ()
    else:
        stale = {key for key, digest in current.items() if built.get(key) != digest}
        withdrawn = tuple(sorted(set(built) - set(current)))
    return RefreshPlan(
        add=add,
        delete=delete,
        partition_order=order,
        reread=tuple(key for key in order if key in stale),
        withdrawn=withdrawn,
    )
