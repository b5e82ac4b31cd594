"""The findings engine (docs/findings.md): pure rules over plain rows, no ORM and no settings.

`findings.selectors` loads an `OrgData`; `analyse` turns it into `Finding`s.
Where the design is silent, these choices hold:
- An inactive party (an inactive role or department, or a role of an inactive department)
  holding A or R gets `inactive-owner`. Its letters still count for the other duty rules (an
  inactive Accountable is still an Accountable, so no extra `no-accountable`), but
  `redundant-letters`, `vacant-owner` and `overloaded` skip it.
- A department party is held when any of its active roles is held; sub-departments do not count.
- `silent-handoff` gives one finding per later step and receiving department; its `departments`
  are the departments Responsible for the earlier step, then the receiving department last.
- Duty findings name the parties the rule is about: every party on the duty for
  `no-accountable`/`no-responsible`, the A and R parties for `review-overdue`.
- `segregation-of-duties` traces people through posts only (a department party is checked as
  a party, not through the people of its posts); its person and paired duty are details.
"""

from findings.engine.catalogue import (
    RULES,
    Finding,
    FindingKind,
    Rule,
    Severity,
    finding_message,
)
from findings.engine.data import (
    DepartmentRow,
    DutyRow,
    MembershipRow,
    OrgData,
    OrgView,
    ProcessRow,
    RoleRow,
    org_view,
)
from findings.engine.rules import (
    accountable_counts,
    analyse,
    busy_departments,
    duty_findings,
    find_gaps,
    find_hygiene,
    find_load,
    find_overlaps,
    finding_rank,
    idle_departments,
    overloaded,
    unowned_processes,
)
from findings.engine.summary import findings_at_least, overlapping_pairs

__all__ = [
    "RULES",
    "accountable_counts",
    "busy_departments",
    "duty_findings",
    "finding_message",
    "finding_rank",
    "idle_departments",
    "overloaded",
    "unowned_processes",
    "DepartmentRow",
    "DutyRow",
    "Finding",
    "FindingKind",
    "MembershipRow",
    "OrgData",
    "OrgView",
    "ProcessRow",
    "RoleRow",
    "Rule",
    "Severity",
    "analyse",
    "find_gaps",
    "find_hygiene",
    "find_load",
    "find_overlaps",
    "findings_at_least",
    "overlapping_pairs",
    "org_view",
]
