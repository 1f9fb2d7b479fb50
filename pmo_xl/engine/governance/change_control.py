"""Change control: every re-baseline of a project needs an approved change request.

A project is *re-baselined* when its baseline finish differs from the one
recorded at the previous consolidation, or when it equals the "new baseline
finish" a change request of the log asked for (the re-baseline was applied).
It is *covered* when an approved change request of the project names that
baseline finish.  The check is ``missing`` for a re-baseline not covered,
``ok`` otherwise, and ``n/a`` for a project with neither re-baseline nor
change request.

:func:`approved_since` lists the change requests approved after a date (the
last committee), for the packs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pmo_xl.model.governance import ChangeDecision, ChangeRequest
from pmo_xl.model.schemas import fold_label


@dataclass(frozen=True)
class ChangeControlCheck:
    """The change-control state of one project."""

    status: str  # ok, missing, n/a
    rebaselined: bool
    baseline_finish: date | None
    covering_request: str | None = None  # reference of the approved request behind the baseline
    pending_requests: tuple[str, ...] = ()  # requests naming this baseline but not approved


def project_requests(project_code: str, requests: list[ChangeRequest]) -> list[ChangeRequest]:
    return [r for r in requests if fold_label(r.project) == fold_label(project_code)]


def change_control_check(project_code: str, baseline_finish: date | None, previous_baseline_finish: date | None,
                         requests: list[ChangeRequest]) -> ChangeControlCheck:
    """Whether the project's current baseline is covered by an approved change request."""
    own = project_requests(project_code, requests)
    naming = [r for r in own if baseline_finish is not None and r.new_baseline_finish == baseline_finish]
    moved = previous_baseline_finish is not None and baseline_finish != previous_baseline_finish
    rebaselined = moved or bool(naming)
    covering = next((r.ref for r in naming if r.decision is ChangeDecision.APPROVED), None)
    pending = tuple(r.ref for r in naming if r.decision is not ChangeDecision.APPROVED)
    if not rebaselined:
        status = "ok" if own else "n/a"
    else:
        status = "ok" if covering else "missing"
    return ChangeControlCheck(status, rebaselined, baseline_finish, covering, pending)


def approved_since(requests: list[ChangeRequest], after: date | None) -> list[ChangeRequest]:
    """The requests approved after ``after`` (all approved ones when ``after`` is None), by decision date."""
    chosen = [r for r in requests if r.decision is ChangeDecision.APPROVED
              and (after is None or (r.decided_on is not None and r.decided_on > after))]
    return sorted(chosen, key=lambda r: (r.decided_on or date.min, r.ref))
