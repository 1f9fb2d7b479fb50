"""Plans with links on summary tasks, scheduled by MPXJ's ``MicrosoftScheduler`` and saved as MSPDI files.

MS Project's own files rarely link summary tasks, so these plans are built to: several outline levels,
summary tasks with predecessors and successors (FS, SS, FF, SF, with lags), leaf tasks with and without
successors of their own.  Each plan is built in MPXJ's object model, scheduled with its
``MicrosoftScheduler`` (a second oracle, written to reproduce MS Project) and written with its MSPDI writer,
which stores the scheduler's early and late dates, total and free slack and critical flags in the file; the
tests read those stored values as they read MS Project's.

Usage::

    python benchmarks/summary_link_plans.py [--out tests/data/schedules/generated] [--count 6] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "tests" / "data" / "schedules" / "generated"


def start_jvm():
    """MPXJ's classes, the Java virtual machine started once."""
    import jpype
    import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)

    if not jpype.isJVMStarted():
        jpype.startJVM("-Djava.awt.headless=true")
    import org.mpxj as mpxj_java
    from java.time import LocalDateTime
    from org.mpxj.cpm import MicrosoftScheduler
    from org.mpxj.writer import FileFormat, UniversalProjectWriter

    return mpxj_java, LocalDateTime, MicrosoftScheduler, UniversalProjectWriter, FileFormat


class PlanBuilder:
    """One MPXJ project being built: tasks under parents, durations in days, links with lags in days."""

    def __init__(self, name: str):
        self.java, local_date_time, self.scheduler, self.writer, self.formats = start_jvm()
        self.project = self.java.ProjectFile()
        self.project.setDefaultCalendar(self.project.addDefaultBaseCalendar())
        self.start = local_date_time.of(2027, 1, 4, 8, 0)
        self.project.getProjectProperties().setStartDate(self.start)
        self.project.getProjectProperties().setName(name)
        self.kinds = {"FS": self.java.RelationType.FINISH_START, "SS": self.java.RelationType.START_START,
                      "FF": self.java.RelationType.FINISH_FINISH, "SF": self.java.RelationType.START_FINISH}

    def task(self, name: str, days: float | None = None, parent=None):
        """A leaf task of ``days`` working days (a summary task when ``days`` is None) under ``parent``."""
        task = (parent or self.project).addTask()
        task.setName(name)
        if days is not None:
            days_unit = self.java.TimeUnit.DAYS
            task.setDuration(self.java.Duration.getInstance(days, days_unit))
            task.setActualDuration(self.java.Duration.getInstance(0, days_unit))
            task.setRemainingDuration(self.java.Duration.getInstance(days, days_unit))
        return task

    def link(self, predecessor, successor, kind: str = "FS", lag_days: float = 0.0) -> None:
        lag = self.java.Duration.getInstance(lag_days, self.java.TimeUnit.DAYS)
        successor.addPredecessor(self.java.Relation.Builder().predecessorTask(predecessor).type(self.kinds[kind])
                                 .lag(lag))

    def schedule_and_write(self, path: Path) -> Path:
        """Schedule with MPXJ's MicrosoftScheduler and write the MSPDI file (with the computed values)."""
        self.scheduler().schedule(self.project, self.start)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.writer(self.formats.MSPDI).write(self.project, str(path))
        return path


def hand_plan(path: Path) -> Path:
    """The hand-worked plan of the tests (see ``tests/test_cpm_summary_links.py``)."""
    b = PlanBuilder("summary links, hand-worked")
    design = b.task("Conception", 2)
    build = b.task("Réalisation")
    front = b.task("Front", 3, build)
    api = b.task("API", 1, build)
    b.task("Documentation", 1, build)             # no successor of its own
    tests = b.task("Tests", None, build)           # a summary at level 2
    unit = b.task("Tests unitaires", 1, tests)
    b.task("Tests de charge", 2, tests)           # no successor of its own
    golive = b.task("Mise en production", 1)
    steering = b.task("Pilotage")
    kickoff = b.task("Lancement", 1, steering)
    follow_up = b.task("Suivi", 2, steering)       # no successor of its own
    news = b.task("Communication", 1)
    b.link(front, api)
    b.link(api, unit)
    b.link(design, build)                          # summary predecessor
    b.link(build, golive)                          # summary successor
    b.link(tests, golive, "FS", 1)                 # a level-2 summary successor with a lag
    b.link(kickoff, follow_up)
    b.link(steering, news, "SS")                   # from the summary's start
    return b.schedule_and_write(path)


def random_plan(path: Path, seed: int, leaves: int = 30) -> Path:
    """A plan of ``leaves`` leaf tasks under summaries up to level 4, with links on leaves and summaries."""
    rng = random.Random(seed)
    b = PlanBuilder(f"summary links, seed {seed}")
    summaries, leaf_tasks, order = [], [], []
    parents = [None]
    for k in range(leaves):
        if rng.random() < 0.3 and len(parents) < 4:
            summary = b.task(f"Lot {len(summaries) + 1}", None, parents[-1])
            summaries.append(summary)
            parents.append(summary)
            order.append(summary)
        elif rng.random() < 0.25 and len(parents) > 1:
            parents.pop()
        leaf = b.task(f"Tâche {k + 1}", rng.choice([0, 1, 2, 3, 5]), parents[-1])
        leaf_tasks.append(leaf)
        order.append(leaf)
    position = {id(t): i for i, t in enumerate(order)}
    for successor in leaf_tasks + summaries:
        earlier = [t for t in order if position[id(t)] < position[id(successor)]
                   and not _is_ancestor(t, successor) and not _is_ancestor(successor, t)]
        for predecessor in rng.sample(earlier, min(len(earlier), rng.choice([0, 1, 1, 2]))):
            kind = rng.choices(["FS", "SS", "FF", "SF"], [70, 12, 12, 6])[0]
            b.link(predecessor, successor, kind, rng.choice([0, 0, 0, 1, 2, -1]))
    return b.schedule_and_write(path)


def _is_ancestor(task, other) -> bool:
    parent = other.getParentTask()
    while parent is not None:
        if parent.getUniqueID() == task.getUniqueID():
            return True
        parent = parent.getParentTask()
    return False


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--count", type=int, default=6, help="random plans")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(hand_plan(args.out / "summary_links_hand.xml"))
    for k in range(args.count):
        print(random_plan(args.out / f"summary_links_seed{args.seed + k}.xml", args.seed + k))


if __name__ == "__main__":
    main()
