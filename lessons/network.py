"""The campaign abroad read as a network: people as nodes, the rows of ``relations`` as edges.

Lesson 05 builds the graph itself, from the edge list, with one call to networkx; this module
holds the reading rules the chart and the tests share, so that the chart and the lesson's
sentences cannot drift apart:

* which **side** each person is drawn on: acting for the campaign, or among the people it
  aimed at (:func:`sides`, from the people table's groups);
* which relations are the campaign's **ties of command** (``reported to``, ``directed``) and
  which are its **actions** on the other side (``worked inside``, ``targeted``, ``killed``).

A network shows only the links the sources record. A missing edge means that no source read
for the course records a link, not that there was none; an edge is as strong as its sources,
and a disputed one is drawn differently.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd

__all__ = ["ACTIONS", "COMMAND", "TIES", "RELATIONS", "disputed", "graph", "sides", "side_of_edge"]

# The relation vocabulary of data/relations.csv, in the order the chart's legend lists it.
ACTIONS = ("worked inside", "targeted", "killed")
COMMAND = ("reported to", "directed")
TIES = ("family", "worked with")
RELATIONS = ACTIONS + COMMAND + TIES

CAMPAIGN, AIMED_AT = "campaign", "aimed at"


def graph(relations: pd.DataFrame) -> nx.MultiDiGraph:
    """The relations as a directed graph that keeps every row (two people may share several)."""
    return nx.from_pandas_edgelist(relations, "source_person", "target_person", edge_attr=True,
                                   create_using=nx.MultiDiGraph)


# The groups of data/people.csv whose members acted for the Soviet state.
CAMPAIGN_GROUPS = ("secret-police", "soviet-leadership", "operation-duck")


def disputed(value: Any) -> bool:
    """Whether a ``disputed`` cell says true (the loader gives a bool; a raw CSV, text)."""
    return value is True or str(value).strip().lower() == "true"


def _groups(value: Any) -> list[str]:
    """The loader splits ``groups`` into a list; a raw table holds the text "a;b"."""
    if isinstance(value, (list, tuple)):
        return [str(g) for g in value]
    return [] if pd.isna(value) else str(value).split(";")


def sides(relations: pd.DataFrame, people: pd.DataFrame) -> dict[str, str]:
    """Each person of the relations: ``"campaign"`` or ``"aimed at"``.

    A person is on the campaign's side when ``people.groups`` puts them in the secret police,
    the Soviet leadership or Operation Duck, unless an undisputed row has the campaign target
    or kill them: Ignace Reiss was an intelligence officer until he broke with Stalin. Everyone
    else is among the people it aimed at. The side comes from the people table, not from the
    edges, so a disputed accusation (that a guard or a secretary was an agent) moves no one.
    """
    groups = dict(zip(people["person_id"], people["groups"].map(_groups)))
    everyone = list(dict.fromkeys([*relations["source_person"], *relations["target_person"]]))
    hunted = {str(row.target_person) for row in relations.itertuples()
              if row.relation in ("targeted", "killed") and not disputed(row.disputed)}
    side = {}
    for person in everyone:
        acted = any(g in CAMPAIGN_GROUPS for g in groups.get(person, []))
        side[person] = CAMPAIGN if acted and person not in hunted else AIMED_AT
    return side


def side_of_edge(row: Any, side: dict[str, str]) -> str:
    """``"across"`` for an edge from one side to the other, else the side both ends are on."""
    a, b = side[str(row.source_person)], side[str(row.target_person)]
    return "across" if a != b else a


# How the alt text and the lesson read each relation: "A worked inside the circle of B".
PHRASES = {
    "worked inside": "worked inside the circle of",
    "targeted": "targeted",
    "killed": "killed",
    "reported to": "reported to",
    "directed": "directed",
    "family": "was family of",
    "worked with": "worked with",
}
