"""io layer of pmo-xl: readers and writers at the edges.

:func:`read_plan` (from :mod:`pmo_xl.io.plan`) is the one entry point for plan files: project workbooks,
MSPDI, mpp and XER.
"""

from __future__ import annotations

__all__ = ["PlanReadResult", "read_plan"]


def __getattr__(name: str):
    # the plan reader is imported on first use: importing pmo_xl.io stays light for the writers
    if name in __all__:
        from pmo_xl.io import plan

        return getattr(plan, name)
    raise AttributeError(f"module 'pmo_xl.io' has no attribute {name!r}")
