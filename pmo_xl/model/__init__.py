"""The domain model: the one vocabulary every layer speaks."""

from .domain import (
    Action,
    Assignment,
    BudgetLine,
    CalendarException,
    CalendarSpec,
    DEFAULT_DAY,
    Decision,
    Dependency,
    Issue,
    Link,
    Project,
    ProjectData,
    Resource,
    Risk,
    Sprint,
    StatusReport,
    Task,
    WorkingPeriod,
)
from .enums import (
    BudgetCategory,
    Committee,
    ConstraintType,
    CostNature,
    DecisionStatus,
    EvMethod,
    ItemStatus,
    LagCalendar,
    LinkType,
    Methodology,
    Phase,
    Rag,
    ResourceType,
    SchedulingProfile,
    choices,
    label,
    parse_enum,
)

__all__ = [name for name in dir() if not name.startswith("_")]
