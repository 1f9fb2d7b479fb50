"""Task networks of the demo projects: stage-gate, sprint-based and hybrid plans.

A plan is built with a :class:`PlanBuilder`, which numbers tasks like MS
Project (ids "1", "2", … in outline order), gives them WBS codes (1, 1.1,
1.1.1) and remembers, for each task, its stage-gate phase, the roles that work
on it and any purchase it carries.  Durations are in working days.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from pmo_xl.model import Link, LinkType, Methodology, Phase, Task

FEATURES = [
    "écrans de consultation", "règles de gestion", "API de restitution", "habilitations",
    "journalisation et piste d'audit", "exports réglementaires", "notifications", "paramétrage",
    "contrôles de saisie", "reprise de l'historique", "traitements batch de nuit", "tableau de bord",
    "recherche multicritère", "circuit de validation", "éditions PDF", "interface avec le core banking",
    "interface comptable", "gestion des rejets", "archivage", "calculs et agrégats",
]

STORY_POINTS = [1, 2, 3, 5, 8]


def fs(task_id: str, lag: float = 0.0) -> Link:
    return Link(task_id, LinkType.FS, lag_days=lag)


def ss(task_id: str, lag: float = 0.0, percent: float | None = None) -> Link:
    return Link(task_id, LinkType.SS, lag_days=0.0 if percent is not None else lag, lag_percent=percent)


def ff(task_id: str, lag: float = 0.0) -> Link:
    return Link(task_id, LinkType.FF, lag_days=lag)


def sf(task_id: str, lag: float = 0.0) -> Link:
    return Link(task_id, LinkType.SF, lag_days=lag)


@dataclass
class PlanBuilder:
    """Accumulates the tasks of one plan in outline order.

    ``roles`` maps a task id to the (role key, units) pairs that work on it,
    ``purchases`` maps a task id to a purchase amount in MAD, ``phase_of``
    maps every task id to its stage-gate phase, ``keys`` names the plan's
    landmarks ("gate_design", "golive", "phase:build", …) and ``story_points``
    and ``sprint_summaries`` describe the sprints of agile parts.
    """

    scale: float = 1.0
    tasks: list[Task] = field(default_factory=list)
    roles: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    purchases: dict[str, float] = field(default_factory=dict)
    phase_of: dict[str, Phase] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    story_points: dict[str, int] = field(default_factory=dict)
    sprint_summaries: list[str] = field(default_factory=list)
    _stack: list[tuple[Task, list[int]]] = field(default_factory=list)
    _top_count: list[int] = field(default_factory=lambda: [0])
    _phase: Phase = Phase.FRAMING

    def _next_wbs(self) -> tuple[str, int]:
        if self._stack:
            parent, counter = self._stack[-1]
            counter[0] += 1
            return f"{parent.wbs}.{counter[0]}", parent.outline_level + 1
        self._top_count[0] += 1
        return str(self._top_count[0]), 1

    def _add(self, task: Task) -> str:
        task.wbs, task.outline_level = self._next_wbs()
        self.tasks.append(task)
        self.phase_of[task.id] = self._phase
        return task.id

    def _new_id(self) -> str:
        return str(len(self.tasks) + 1)

    def begin(self, name: str, phase: Phase | None = None) -> str:
        """Opens a summary task; the following tasks are its children until :meth:`end`."""
        if phase is not None:
            self._phase = phase
        summary = Task(id=self._new_id(), name=name, summary=True)
        self._add(summary)
        self._stack.append((summary, [0]))
        if phase is not None:
            self.keys[f"summary:{phase.value}"] = summary.id
        return summary.id

    def end(self) -> None:
        self._stack.pop()

    def days(self, base: float) -> float:
        """A duration scaled to the project's size, whole days, at least one."""
        return float(max(1, round(base * self.scale)))

    def task(self, name: str, duration: float, predecessors: list[Link] | None = None,
             roles: list[tuple[str, float]] | None = None, scaled: bool = True) -> str:
        task = Task(id=self._new_id(), name=name,
                    duration_days=self.days(duration) if scaled else float(duration),
                    predecessors=list(predecessors or []))
        task_id = self._add(task)
        self.roles[task_id] = list(roles or [])
        self.keys.setdefault(f"phase:{self._phase.value}", task_id)
        return task_id

    def milestone(self, name: str, predecessors: list[Link], key: str | None = None) -> str:
        task = Task(id=self._new_id(), name=name, milestone=True, duration_days=0.0,
                    predecessors=list(predecessors))
        task_id = self._add(task)
        self.roles[task_id] = []
        if key:
            self.keys[key] = task_id
        return task_id


def _feature_names(module: str, count: int) -> list[str]:
    names = []
    for index in range(count):
        feature = FEATURES[index % len(FEATURES)]
        round_number = index // len(FEATURES)
        suffix = f" (partie {round_number + 1})" if round_number else ""
        names.append(f"{module} : {feature}{suffix}")
    return names


def _framing(b: PlanBuilder) -> str:
    b.begin("Cadrage", Phase.FRAMING)
    kickoff = b.task("Réunion de lancement", 1, roles=[("pm", 1.0)], scaled=False)
    needs = b.task("Recueil des besoins métier", 10, [fs(kickoff)], [("analyst", 1.0), ("product_owner", 0.5)])
    business_case = b.task("Étude d'opportunité et business case", 8, [ss(needs, 3)], [("pm", 0.5)])
    risks = b.task("Analyse des risques et de la conformité", 5, [ss(needs, 5)], [("pm", 0.3), ("analyst", 0.5)])
    charter = b.task("Rédaction de la note de cadrage", 5, [fs(needs), fs(business_case)], [("pm", 1.0)])
    gate = b.milestone("Jalon : validation du cadrage en COPIL", [fs(charter), fs(risks)], key="gate_framing")
    b.end()
    return gate


def _design(b: PlanBuilder, modules: list[str]) -> str:
    b.begin("Conception", Phase.DESIGN)
    general = b.task("Spécifications fonctionnelles générales", 15, [fs(b.keys["gate_framing"])],
                     [("analyst", 1.0), ("product_owner", 0.3)])
    architecture = b.task("Dossier d'architecture technique", 12, [ss(general, 5)], [("architect", 1.0)])
    security = b.task("Dossier de sécurité et analyse de risques SI", 6, [fs(architecture)], [("architect", 0.5)])
    detailed = []
    for module in modules:
        detailed.append(b.task(f"Spécifications détaillées – {module}", 10, [fs(general)], [("analyst", 1.0)]))
    test_plan = b.task("Stratégie et plan de tests", 8, [ff(detailed[-1], 3)], [("tester", 1.0)])
    gate = b.milestone("Jalon : validation de la conception",
                       [fs(d) for d in detailed] + [fs(security), fs(test_plan)], key="gate_design")
    b.end()
    return gate


def _build_lots(b: PlanBuilder, rng: random.Random, modules: list[str], items_per_lot: int,
                specialists: list[str], purchase_mad: float) -> tuple[list[str], list[str]]:
    """Classic build phase; returns the lot-delivered milestones and the first development task of each lot."""
    b.begin("Réalisation", Phase.BUILD)
    setup = b.task("Mise en place des environnements et acquisition des licences", 8,
                   [fs(b.keys["gate_design"], -3)], [("sysadmin", 1.0)])
    b.purchases[setup] = purchase_mad
    delivered, first_devs = [], []
    previous_first = None
    for lot_index, module in enumerate(modules, start=1):
        b.begin(f"Lot {lot_index} : {module}")
        names = _feature_names(module, items_per_lot)
        streams = max(1, math.ceil(items_per_lot / 6))
        sub_lot_size = 8 if items_per_lot > 12 else items_per_lot
        devs: list[str] = []
        for index, name in enumerate(names):
            if items_per_lot > 12 and index % sub_lot_size == 0:
                if index:
                    b.end()
                b.begin(f"Sous-lot {index // sub_lot_size + 1} – {module}")
            if index < streams:
                if previous_first is None:
                    predecessors = [fs(setup)]
                else:
                    predecessors = [ss(previous_first, 10 + index), fs(setup)]
            else:
                predecessors = [fs(devs[index - streams])]
            role = "senior_developer" if index % 4 == 0 else "developer"
            roles = [(role, 1.0)]
            if specialists and index % 5 == 2:
                roles.append((specialists[index % len(specialists)], 0.5))
            devs.append(b.task(f"Développement – {name}", rng.choice([4, 5, 6, 8, 10, 12]), predecessors, roles))
        if items_per_lot > 12:
            b.end()
        previous_first = devs[0]
        first_devs.append(devs[0])
        if lot_index == 1:
            unit_tests = b.task(f"Tests unitaires – {module}", 5, [ss(devs[-1], percent=50)], [("developer", 1.0)])
        else:
            unit_tests = b.task(f"Tests unitaires – {module}", 5, [ss(devs[-1], 3)], [("developer", 1.0)])
        ends = [fs(d) for d in devs[-streams:]]
        documentation = b.task(f"Documentation technique – {module}", 3, [ff(unit_tests, 2)],
                               [("senior_developer", 0.5)])
        delivered.append(b.milestone(f"Jalon : lot {lot_index} livré", ends + [fs(unit_tests), fs(documentation)]))
        b.end()
    b.milestone("Jalon : fin de réalisation", [fs(m) for m in delivered], key="gate_build")
    b.end()
    return delivered, first_devs


def _testing(b: PlanBuilder, modules: list[str], ready: list[str], first_dev: str) -> str:
    b.begin("Recette", Phase.TEST)
    cases = b.task("Préparation des cas de test", 10, [ss(first_dev, 10)], [("tester", 1.0)])
    functional = [
        b.task(f"Recette fonctionnelle – {module}", 8, [fs(done), fs(cases)], [("tester", 1.0), ("analyst", 0.5)])
        for module, done in zip(modules, ready)
    ]
    regression = b.task("Tests de non-régression", 8, [fs(f) for f in functional], [("tester", 1.0)])
    performance = b.task("Tests de performance", 6, [ss(regression, 2)], [("sysadmin", 0.5), ("tester", 0.5)])
    intrusion = b.task("Tests d'intrusion", 5, [fs(b.keys["gate_build"])], [("architect", 0.5)])
    acceptance = b.task("Recette utilisateur (UAT)", 10, [fs(regression), fs(performance)],
                        [("product_owner", 1.0), ("tester", 0.5)])
    gate = b.milestone("Jalon : PV de recette signé", [fs(acceptance), fs(intrusion)], key="gate_test")
    b.end()
    return gate


def _deployment(b: PlanBuilder, accepted: str) -> str:
    b.begin("Déploiement", Phase.DEPLOYMENT)
    training = b.task("Formation des utilisateurs", 8, [fs(accepted, -5)], [("trainer", 1.0)])
    preparation = b.task("Préparation de la mise en production", 5, [fs(accepted)], [("sysadmin", 1.0)])
    cutover = b.task("Bascule en production", 2, [fs(preparation), fs(training)],
                     [("sysadmin", 1.0), ("pm", 0.5)], scaled=False)
    b.task("Gel des évolutions sur l'ancien système", 3, [fs(accepted), sf(cutover)], [("sysadmin", 0.2)],
           scaled=False)
    golive = b.milestone("Jalon : mise en production", [fs(cutover)], key="golive")
    b.end()
    return golive


def _closure(b: PlanBuilder, golive: str) -> None:
    b.begin("Clôture", Phase.CLOSURE)
    hypercare = b.task("Support renforcé après démarrage", 15, [fs(golive)], [("senior_developer", 0.5)])
    handover = b.task("Transfert à l'exploitation", 5, [ss(hypercare, 5)], [("sysadmin", 0.5)])
    lessons = b.task("Bilan de projet et retour d'expérience", 3, [fs(hypercare)], [("pm", 1.0)])
    b.milestone("Jalon : clôture du projet", [fs(handover), fs(lessons)], key="closure")
    b.end()


def _agile_framing(b: PlanBuilder) -> str:
    b.begin("Cadrage et sprint 0", Phase.FRAMING)
    vision = b.task("Atelier de vision produit", 2, [], [("product_owner", 1.0), ("pm", 1.0)], scaled=False)
    backlog = b.task("Constitution du backlog initial", 8, [fs(vision)], [("product_owner", 1.0), ("analyst", 1.0)])
    architecture = b.task("Architecture et choix techniques", 6, [ss(backlog, 2)], [("architect", 1.0)])
    factory = b.task("Mise en place de l'usine logicielle (CI/CD)", 5, [fs(architecture, -2)], [("sysadmin", 1.0)])
    gate = b.milestone("Jalon : backlog priorisé et équipe prête", [fs(backlog), fs(factory)], key="gate_framing")
    b.keys["gate_design"] = gate
    b.end()
    return gate


def _sprints(b: PlanBuilder, rng: random.Random, modules: list[str], sprint_count: int,
             stories_per_sprint: int, after: str, specialists: list[str], purchase_mad: float) -> str:
    b.begin("Développement itératif", Phase.BUILD)
    environment = b.task("Environnements et licences", 3, [fs(after)], [("sysadmin", 0.5)], scaled=False)
    b.purchases[environment] = purchase_mad
    previous = environment
    releases = []
    story_number = 0
    for sprint in range(1, sprint_count + 1):
        summary = b.begin(f"Sprint {sprint}")
        b.sprint_summaries.append(summary)
        planning = b.task(f"Planification du sprint {sprint}", 1, [fs(previous)],
                          [("scrum_master", 1.0), ("product_owner", 0.5)], scaled=False)
        stories = []
        for _ in range(stories_per_sprint):
            module = modules[story_number % len(modules)]
            feature = FEATURES[(story_number // len(modules)) % len(FEATURES)]
            story_number += 1
            roles = [("developer", 1.0)]
            if specialists and story_number % 4 == 0:
                roles.append((specialists[story_number % len(specialists)], 0.5))
            story = b.task(f"US{story_number:03d} – {module} : {feature}", rng.choice([3, 4, 5, 6, 7, 8]),
                           [fs(planning)], roles, scaled=False)
            b.story_points[story] = rng.choice(STORY_POINTS)
            stories.append(story)
        longest = max(stories, key=lambda s: (b.tasks[int(s) - 1].duration_days, -int(s)))
        testing = b.task(f"Tests et intégration continue – sprint {sprint}", 3, [ff(longest, 0)]
                         if sprint % 2 else [ff(longest, 0), ss(planning, 2)], [("tester", 1.0)], scaled=False)
        review = b.task(f"Revue et rétrospective du sprint {sprint}", 1, [fs(s) for s in stories] + [fs(testing)],
                        [("scrum_master", 1.0), ("product_owner", 1.0)], scaled=False)
        b.end()
        previous = review
        if sprint % 3 == 0 or sprint == sprint_count:
            releases.append(b.milestone(f"Jalon : release R{len(releases) + 1}", [fs(review)]))
    gate = b.milestone("Jalon : fin des développements", [fs(releases[-1])], key="gate_build")
    b.end()
    return gate


def _agile_acceptance(b: PlanBuilder, built: str) -> str:
    b.begin("Validation finale", Phase.TEST)
    end_to_end = b.task("Tests de bout en bout et de sécurité", 8, [fs(built)], [("tester", 1.0), ("architect", 0.3)])
    acceptance = b.task("Validation métier de la version finale", 4, [ss(end_to_end, 4)], [("product_owner", 1.0)])
    gate = b.milestone("Jalon : validation de la recette", [fs(end_to_end), fs(acceptance)], key="gate_test")
    b.end()
    return gate


def build_plan(methodology: Methodology, modules: list[str], target_tasks: int, rng: random.Random,
               scale: float, specialists: list[str], purchase_mad: float) -> PlanBuilder:
    """The task network of one project, sized to come close to ``target_tasks`` tasks."""
    b = PlanBuilder(scale=scale)
    modules = list(modules)
    if methodology is Methodology.CLASSIC:
        overhead = 38 + 2 * len(modules)
        items = max(1, round((target_tasks - overhead) / len(modules)) - 3)
        if items > 12:
            items = max(1, round((target_tasks - overhead) / len(modules) * 8 / 9) - 3)
        _framing(b)
        _design(b, modules)
        ready, first_devs = _build_lots(b, rng, modules, items, specialists, purchase_mad)
        accepted = _testing(b, modules, ready, first_devs[0])
    else:
        stories = rng.choice([5, 6, 7])
        per_sprint = stories + 4 + 1 / 3
        if methodology is Methodology.AGILE:
            overhead = 26
            sprint_count = max(2, round((target_tasks - overhead) / per_sprint))
            gate = _agile_framing(b)
            built = _sprints(b, rng, modules, sprint_count, stories, gate, specialists, purchase_mad)
            accepted = _agile_acceptance(b, built)
        else:
            overhead = 40 + 2 * len(modules)
            sprint_count = max(2, round((target_tasks - overhead) / per_sprint))
            _framing(b)
            gate = _design(b, modules)
            built = _sprints(b, rng, modules, sprint_count, stories, gate, specialists, purchase_mad)
            first_story = b.keys["phase:build"]
            accepted = _testing(b, modules, [built] * len(modules), first_story)
    golive = _deployment(b, accepted)
    _closure(b, golive)
    return b
