"""The table schemas: complete over the model, unambiguous, and with the labels users know."""

from __future__ import annotations

import dataclasses
import re

import pytest

from pmo_xl.model import domain
from pmo_xl.model.enums import ItemStatus, LinkType, Rag
from pmo_xl.model.schemas import (
    ALL_TABLES,
    PROJECT_CARD,
    RISKS,
    TASKS,
    CalendarEntryKind,
    CalendarRow,
    ValueKind,
    enum_choices,
    find_table,
    fold_label,
    parse_enum_value,
)

MODEL_OF_TABLE = {
    "project": domain.Project, "tasks": domain.Task, "resources": domain.Resource, "budget": domain.BudgetLine,
    "risks": domain.Risk, "issues": domain.Issue, "actions": domain.Action, "decisions": domain.Decision,
    "dependencies": domain.Dependency, "sprints": domain.Sprint, "status_reports": domain.StatusReport,
}


# Fields the master's committee registers use and a project workbook has no column for: the project of a
# workbook's item is the workbook's, and items are raised in meetings only through the master.
REGISTER_ONLY_FIELDS = {"actions": {"project", "origin"}, "decisions": {"project", "origin"}}


@pytest.mark.parametrize("table", [t for t in ALL_TABLES if t.key in MODEL_OF_TABLE], ids=lambda t: t.key)
def test_every_model_field_has_exactly_one_column(table):
    model_fields = {f.name for f in dataclasses.fields(MODEL_OF_TABLE[table.key])}
    model_fields -= REGISTER_ONLY_FIELDS.get(table.key, set())
    column_fields = [c.field for c in table.columns]
    assert sorted(column_fields) == sorted(model_fields)


def test_calendar_table_describes_weeks_countries_exceptions_and_holiday_overrides():
    calendar = find_table("Calendrier")
    assert [c.field for c in calendar.columns] == [
        "calendar", "kind", "weekdays", "start", "finish", "periods", "country", "base", "name"]
    assert calendar.column("kind").enum is CalendarEntryKind
    assert calendar.column("weekdays").kind is ValueKind.WEEKDAYS
    assert calendar.column("country").kind is ValueKind.COUNTRY
    # only what every row needs is required; the reader checks the rest kind by kind
    assert [c.field for c in calendar.columns if c.required] == ["calendar", "kind"]
    row_fields = {f.name for f in dataclasses.fields(CalendarRow)}
    assert row_fields == {c.field for c in calendar.columns}


@pytest.mark.parametrize("table", ALL_TABLES, ids=lambda t: t.key)
def test_labels_are_unambiguous_within_a_table(table):
    owner: dict[str, str] = {}
    for column in table.columns:
        for text in {fold_label(column.label_fr), fold_label(column.label_en), fold_label(column.field)}:
            assert owner.setdefault(text, column.field) == column.field, (table.key, text)


def test_sheet_and_table_names_are_valid_and_unique():
    sheets_fr = [t.sheet_fr for t in ALL_TABLES]
    sheets_en = [t.sheet_en for t in ALL_TABLES]
    assert len(set(sheets_fr)) == len(sheets_fr) == 12
    assert len(set(sheets_en)) == len(sheets_en) == 12
    for table in ALL_TABLES:
        for name in (table.sheet_fr, table.sheet_en):
            assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name)
        for name in (table.table_fr, table.table_en):
            assert re.fullmatch(r"tbl[A-Za-z]+", name)


def test_labels_project_managers_know():
    assert TASKS.column("name").label_fr == "Nom de la tâche"
    assert TASKS.column("duration_days").label_fr == "Durée (j)"
    assert TASKS.column("predecessors").label_fr == "Prédécesseurs"
    assert TASKS.column("actual_start").label_fr == "Début réel"
    assert TASKS.column("percent_complete").label_fr == "% achevé"
    assert PROJECT_CARD.column("project_manager").label_fr == "Chef de projet"
    assert RISKS.column("probability").label_fr == "Probabilité (1-5)"
    assert RISKS.column("probability").label_en == "Probability (1-5)"


def test_enum_and_range_columns_are_declared():
    for table in ALL_TABLES:
        for column in table.columns:
            assert (column.enum is not None) == (column.kind is ValueKind.ENUM), column
    probability = RISKS.column("probability")
    assert (probability.minimum, probability.maximum, probability.required) == (1, 5, True)
    assert TASKS.column("percent_complete").format == "0 %"
    assert TASKS.column("actual_start").format == "dd/mm/yyyy"
    assert TASKS.column("source_start").computed and not TASKS.column("actual_start").computed


def test_find_table_is_tolerant_of_case_accents_and_language():
    assert find_table("taches ").key == "tasks"
    assert find_table("TASKS").key == "tasks"
    assert find_table("Meteo").key == "status_reports"
    assert find_table("Feuil1") is None


def test_enum_choices_and_parsing_in_both_languages():
    assert enum_choices(LinkType, "fr") == ["FD", "DD", "FF", "DF"]
    assert enum_choices(LinkType, "en") == ["FS", "SS", "FF", "SF"]
    assert enum_choices(Rag, "fr") == ["vert", "orange", "rouge"]
    assert parse_enum_value(LinkType, "dd") is LinkType.SS
    assert parse_enum_value(LinkType, "DF") is LinkType.SF
    assert parse_enum_value(ItemStatus, "En Cours ") is ItemStatus.IN_PROGRESS
    assert parse_enum_value(CalendarEntryKind, "Ferie ajoute") is CalendarEntryKind.HOLIDAY_ADDED
    assert parse_enum_value(CalendarEntryKind, "holiday_removed") is CalendarEntryKind.HOLIDAY_REMOVED
    assert parse_enum_value(CalendarEntryKind, "Semaine de travail") is CalendarEntryKind.WORKING_WEEK
    assert parse_enum_value(CalendarEntryKind, "jours feries du pays") is CalendarEntryKind.HOLIDAY_COUNTRY
    assert parse_enum_value(CalendarEntryKind, "Holiday country") is CalendarEntryKind.HOLIDAY_COUNTRY
    assert parse_enum_value(CalendarEntryKind, "base calendar") is CalendarEntryKind.BASE_CALENDAR
    assert enum_choices(CalendarEntryKind, "fr") == [
        "semaine de travail", "jours fériés du pays", "calendrier de base", "exception", "férié ajouté",
        "férié travaillé"]
    assert parse_enum_value(Rag, "bleu") is None
