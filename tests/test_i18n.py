"""French texts of validation problems."""

import ast
from pathlib import Path

import pytest

from pmo_xl.errors import Location, Problem, Severity
from pmo_xl.i18n import MESSAGES_FR, problem_expected, problem_message, severity_label, translate

IO = Path(__file__).resolve().parents[1] / "pmo_xl" / "io"


def _literal_messages(path: Path) -> set[str]:
    """English literals given as the message of a problem or as a ValueError text in ``path``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in {"add", "Problem", "ValueError"}:
            found.add(first.value)
    return found


@pytest.mark.parametrize("module", ["workbook_reader.py", "predecessors.py", "values.py", "validation.py",
                                    "referential.py"])
def test_every_workbook_message_has_a_french_text(module):
    missing = sorted(m for m in _literal_messages(IO / module) if m not in MESSAGES_FR)
    assert missing == []


def test_patterns_translate_values_inside_texts():
    assert translate("between 1 and 5") == "entre 1 et 5"
    assert translate("0 or more") == "0 ou plus"
    assert translate("a sheet 'Risques' (or 'Risks')") == "une feuille « Risques » (ou « Risks »)"
    assert translate("on or before the status date 30/10/2026") == "au plus tard la date d'état 30/10/2026"


def test_english_and_unknown_texts_pass_through():
    assert translate("value out of range", "en") == "value out of range"
    assert translate("a text nobody catalogued") == "a text nobody catalogued"
    assert translate(None) is None


def test_problem_faces():
    problem = Problem("percentage outside 0-100", Location(sheet="Tâches", cell="K7"), "150",
                      "between 0 and 100", Severity.ERROR, "out_of_range")
    assert problem_message(problem) == "pourcentage hors de 0-100"
    assert problem_expected(problem) == "entre 0 et 100"
    assert severity_label(problem) == "erreur"
    assert problem_message(problem, "en") == "percentage outside 0-100"
    assert severity_label(problem, "en") == "error"
