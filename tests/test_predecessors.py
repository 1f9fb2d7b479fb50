"""The MS Project predecessor syntax: parsing, formatting, round trip and bad tokens."""

from __future__ import annotations

import pytest

from pmo_xl.errors import InputError, Location
from pmo_xl.io.predecessors import format_predecessors, parse_predecessors, parse_predecessors_collect
from pmo_xl.model.domain import Link
from pmo_xl.model.enums import LinkType

FS, SS, FF, SF = LinkType.FS, LinkType.SS, LinkType.FF, LinkType.SF


@pytest.mark.parametrize("text, expected", [
    ("7", [Link("7")]),
    ("12FS+2d; 14SS; 15FF-1d; 7",
     [Link("12", FS, 2.0), Link("14", SS), Link("15", FF, -1.0), Link("7")]),
    ("3FS+50%", [Link("3", FS, 0.0, lag_percent=50.0)]),
    ("3FS-25%", [Link("3", FS, 0.0, lag_percent=-25.0)]),
    ("3FS+2ed", [Link("3", FS, 2.0, lag_elapsed=True)]),
    ("3FD+2je", [Link("3", FS, 2.0, lag_elapsed=True)]),
    ("12DD+2j", [Link("12", SS, 2.0)]),
    ("4FD; 5DF-1j", [Link("4", FS), Link("5", SF, -1.0)]),
    ("CBM:45FS", [Link("45", FS, predecessor_project="CBM")]),
    ("CBM:45", [Link("45", predecessor_project="CBM")]),
    ("DIG:12SS+2d", [Link("12", SS, 2.0, predecessor_project="DIG")]),
    ("12fs+2D", [Link("12", FS, 2.0)]),
    ("12 FS + 2 j", [Link("12", FS, 2.0)]),
    ("5FS+2,5j", [Link("5", FS, 2.5)]),
    ("5FS+2.5d", [Link("5", FS, 2.5)]),
    ("12,14", [Link("12"), Link("14")]),
    ("5FS+2,5d,7", [Link("5", FS, 2.5), Link("7")]),
    ("5FS+3", [Link("5", FS, 3.0)]),
    ("A1030SS", [Link("A1030", SS)]),
    ("", []),
    (" ; ", []),
    (12.0, [Link("12")]),
])
def test_parse(text, expected):
    assert parse_predecessors(text) == expected


@pytest.mark.parametrize("links, french, english", [
    ([Link("7")], "7", "7"),
    ([Link("12", FS, 2.0), Link("14", SS), Link("15", FF, -1.0), Link("16", SF)],
     "12FD+2j; 14DD; 15FF-1j; 16DF", "12FS+2d; 14SS; 15FF-1d; 16SF"),
    ([Link("3", FS, 0.0, lag_percent=50.0)], "3FD+50%", "3FS+50%"),
    ([Link("3", SS, 2.5, lag_elapsed=True)], "3DD+2,5je", "3SS+2.5ed"),
    ([Link("45", FS, predecessor_project="CBM")], "CBM:45", "CBM:45"),
    ([Link("45", FF, 1.0, predecessor_project="CBM")], "CBM:45FF+1j", "CBM:45FF+1d"),
])
def test_format_and_round_trip(links, french, english):
    assert format_predecessors(links, "fr") == french
    assert format_predecessors(links, "en") == english
    assert parse_predecessors(french, "fr") == links
    assert parse_predecessors(english, "en") == links


@pytest.mark.parametrize("bad", ["12XX", "1FS+", "12FS+2w", "FS", "12FS2d", "12++2d", "a b", "12 14", "CBM::4", "3FS+50%%"])
def test_bad_tokens_raise_located_problems(bad):
    location = Location(file="p.xlsx", sheet="Tâches", cell="I5")
    with pytest.raises(InputError) as caught:
        parse_predecessors(bad, location=location)
    [problem] = caught.value.problems
    assert problem.location == location
    assert problem.message == "bad predecessor syntax"
    assert problem.found == bad
    assert problem.code == "predecessor_syntax"


def test_good_tokens_are_kept_beside_bad_ones():
    links, problems = parse_predecessors_collect("3; 4ZZ; 5SS+1d; +2", Location(cell="I7"))
    assert links == [Link("3"), Link("5", SS, 1.0)]
    assert [p.found for p in problems] == ["4ZZ", "+2"]
    assert all(p.location.cell == "I7" for p in problems)
