"""Entity scores for one article.

The predicted entities of an article are the entity nodes its Article node
MENTIONS. Counting rules:
- true positive: a scored gold entity (Person, Agency, Country, Organization,
  not optional) matched by at least one predicted node; each gold entity
  counts once however many nodes hold it (extra nodes show up as splits);
- false negative: a scored gold entity no predicted node matches;
- false positive: a predicted Person/Agency/Country/Organization node whose
  names match no gold entity at all. A node matching only an optional or a
  Location gold entity, and a predicted Location node matching nothing, is
  neither right nor wrong.
Type accuracy: among found gold entities, the share held by at least one
node whose label equals the gold type.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .match import SCORED_TYPES, ArticleMatch


@dataclass
class EntityScore:
    found: dict[str, list[str]] = field(default_factory=dict)  # gold id -> nodes
    false_positives: list[str] = field(default_factory=list)  # node ids
    misses: list[str] = field(default_factory=list)  # gold ids
    type_errors: list[str] = field(default_factory=list)  # found gold ids, wrong label

    @property
    def type_correct(self) -> int:
        return len(self.found) - len(self.type_errors)


def score_entities(match: ArticleMatch) -> EntityScore:
    view, article = match.view, match.article
    result = EntityScore()
    for node in view.mentioned(article.id):
        for gold_id in sorted(match.scored_ids(node)):
            result.found.setdefault(gold_id, []).append(node)
        if not match.ids(node) and view.label(node) in SCORED_TYPES:
            result.false_positives.append(node)
    result.misses = sorted(match.scored - result.found.keys())
    result.type_errors = sorted(
        gold_id for gold_id, nodes in result.found.items()
        if all(view.label(n) != article.entities[gold_id].type for n in nodes))
    return result


def entity_details(match: ArticleMatch, score: EntityScore) -> dict[str, list[dict]]:
    view, entities = match.view, match.article.entities
    return {
        "entity_misses": [
            {"gold": g, "type": entities[g].type, "names": list(entities[g].names)}
            for g in score.misses],
        "entity_false_positives": [
            {"node": n, "label": view.label(n), "name": view.display(n)}
            for n in score.false_positives],
        "type_errors": [
            {"gold": g, "type": entities[g].type,
             "nodes": [{"node": n, "label": view.label(n)} for n in score.found[g]]}
            for g in score.type_errors],
    }
