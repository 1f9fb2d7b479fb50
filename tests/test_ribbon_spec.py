"""The ribbon spec: every button runs a registered action; the XML is Office 2010 customUI."""

from __future__ import annotations

from defusedxml import ElementTree

from pmo_xl.excel.actions import ACTIONS, registered_actions
from pmo_xl.excel.ribbon_ui import (
    CUSTOMUI_NAMESPACE,
    RIBBON_GROUPS,
    VBA_CALLBACK,
    customui_xml,
    ribbon_buttons,
)


def test_every_button_id_is_a_registered_action_and_every_action_has_a_button():
    button_ids = [button.action_id for button in ribbon_buttons()]
    assert len(button_ids) == len(set(button_ids))
    assert sorted(button_ids) == sorted(registered_actions())
    assert all(callable(ACTIONS[b]) for b in button_ids)


def test_customui_xml_is_well_formed_with_unique_ids_and_the_single_callback():
    for lang in ("fr", "en"):
        root = ElementTree.fromstring(customui_xml(lang))
        assert root.tag == f"{{{CUSTOMUI_NAMESPACE}}}customUI"
        ids = [element.get("id") for element in root.iter() if element.get("id")]
        assert len(ids) == len(set(ids))
        buttons = list(root.iter(f"{{{CUSTOMUI_NAMESPACE}}}button"))
        assert len(buttons) == 10
        assert {b.get("onAction") for b in buttons} == {VBA_CALLBACK}
        groups = root.findall(f".//{{{CUSTOMUI_NAMESPACE}}}group")
        assert [g.get("label") for g in groups] == [g.label(lang) for g in RIBBON_GROUPS]


def test_french_labels_are_the_ones_of_the_issue():
    labels = {b.action_id: b.label_fr for b in ribbon_buttons()}
    assert labels["consolidate_portfolio"] == "Consolider le portefeuille"
    assert labels["refresh_variance_kpi"] == "Actualiser variance & KPI"
    assert labels["validate_workbooks"] == "Valider les classeurs"
    assert labels["new_project"] == "Nouveau projet"
    xml = customui_xml("fr").decode("utf-8")
    assert 'label="Actualiser variance &amp; KPI"' in xml
