"""The evaluation model's arithmetic (16 kap. LOU), as pure functions: the tender's evaluation section and
its worked example are computed here from the case's own weights, scale and prices; the wording is in
clauses/general/award.md and clauses/appendix/price-form.md.

The model (the relative price model, price.model: relativ):

- criterion score = weight × points awarded ÷ the scale's highest points;
- price score = price weight × lowest evaluation price ÷ the tender's evaluation price;
- total = the sum of the criterion scores and the price score (at most 100);
- the highest total wins; on equal totals the higher quality score, then lot.

With basis ``fast-pris`` there is no price score (price weight 0); with basis ``pris`` the lowest
evaluation price wins (price weight 100, no criteria). The evaluation price of a tender is the sum over
the price form's items of unit price × evaluation volume.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .decisions import Evaluation, ExampleTender, Price


@dataclass(frozen=True)
class Scored:
    name: str
    price_sek: int | None
    points: tuple[int, ...]              # points awarded per criterion, on its scale
    criterion_scores: tuple[Decimal, ...]
    quality_score: Decimal
    price_score: Decimal
    total: Decimal
    rank: int = 0


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def top_points(evaluation: Evaluation, index: int) -> int:
    scale = evaluation.scale_of(evaluation.criteria[index])
    return max(step.points for step in scale)


def score(evaluation: Evaluation, tenders: list[ExampleTender]) -> list[Scored]:
    """Score each tender and rank them (1 = awarded). Scores are rounded to two decimals, as a buyer
    reports them; the total is the sum of the rounded parts, so the table adds up."""
    prices = [t.price_sek for t in tenders if t.price_sek]
    lowest = min(prices) if prices else None
    scored = []
    for tender in tenders:
        criterion_scores = tuple(
            _round(Decimal(c.weight) * Decimal(p) / Decimal(top_points(evaluation, i)))
            for i, (c, p) in enumerate(zip(evaluation.criteria, tender.points)))
        quality = sum(criterion_scores, Decimal(0))
        if evaluation.price_weight and lowest and tender.price_sek:
            price_score = _round(Decimal(evaluation.price_weight) * Decimal(lowest) / Decimal(tender.price_sek))
        else:
            price_score = Decimal(0)
        scored.append(Scored(tender.name, tender.price_sek, tuple(tender.points), criterion_scores, quality,
                             price_score, quality + price_score))
    order = sorted(scored, key=lambda s: (-s.total, -s.quality_score))
    ranked, rank = [], 0
    for position, item in enumerate(order):
        previous = order[position - 1] if position else None
        if previous is None or (item.total, item.quality_score) != (previous.total, previous.quality_score):
            rank = position + 1
        ranked.append(item)
        object.__setattr__(item, "rank", rank)
    return scored


def _round_thousand(value: float) -> int:
    return int(Decimal(value / 1000).quantize(Decimal("1"), rounding=ROUND_HALF_UP)) * 1000


def example_tenders(evaluation: Evaluation, annual_value_sek: int) -> list[ExampleTender]:
    """Three invented tenders for the worked example when the case gives none: B is the cheapest with the
    lowest quality, C the dearest with the highest, A in between. Their evaluation prices are around one
    year of the estimated value, so the figures look like the procurement's own."""
    if evaluation.example:
        return list(evaluation.example)
    base = max(annual_value_sek, 10_000)
    steps = sorted({step.points for c in evaluation.criteria for step in evaluation.scale_of(c)}) or [0, 1]
    n = len(evaluation.criteria)

    def on_scale(i: int, wanted: int) -> int:
        scale = sorted(step.points for step in evaluation.scale_of(evaluation.criteria[i]))
        return min(scale, key=lambda p: (abs(p - wanted), -p))

    top, low = steps[-1], steps[1] if len(steps) > 2 else steps[0]
    mid = steps[len(steps) // 2]
    pattern = {
        "Anbud A": ([top if i == 0 else mid for i in range(n)], 1.00),
        "Anbud B": ([low if i == 0 else mid if i % 2 else low for i in range(n)], 0.88),
        "Anbud C": ([top for _ in range(n)], 1.10),
    }
    priced = evaluation.basis != "fast-pris"
    return [ExampleTender(name=name, price_sek=_round_thousand(base * factor) if priced else None,
                          points=[on_scale(i, p) for i, p in enumerate(points)])
            for name, (points, factor) in pattern.items()]


def _fmt(value: Decimal) -> str:
    whole, _, decimals = f"{value:.2f}".partition(".")
    return f"{int(whole):,}".replace(",", " ") + "," + decimals


def award_context(evaluation: Evaluation | None, price: Price | None, annual_value_sek: int) -> dict | None:
    """What the evaluation section and the price form read as ``award.*``: the weights, each criterion with
    its top points, and the worked example computed by ``score`` (numbers as Swedish text, e.g. '37,50')."""
    if evaluation is None:
        return None
    tenders = example_tenders(evaluation, annual_value_sek)
    scored = score(evaluation, tenders)
    winner = min(scored, key=lambda s: s.rank)
    lowest = min((s.price_sek for s in scored if s.price_sek), default=None)
    return {
        "basis": evaluation.basis,
        "price_weight": evaluation.price_weight,
        "quality_weight": sum(c.weight for c in evaluation.criteria),
        "criteria": [{"number": i + 1, "name": c.name, "weight": c.weight, "assessed": c.assessed,
                      "top": top_points(evaluation, i), "own_scale": c.scale is not None,
                      "scale": [s.model_dump() for s in evaluation.scale_of(c)]}
                     for i, c in enumerate(evaluation.criteria)],
        "scale": [s.model_dump() for s in evaluation.scale or []],
        "given_example": bool(evaluation.example),
        "example": {
            "lowest_price_sek": lowest,
            "winner": winner.name,
            "winner_total": _fmt(winner.total),
            "tie": sum(1 for s in scored if s.rank == winner.rank) > 1,
            "tenders": [{"name": s.name, "price_sek": s.price_sek, "points": list(s.points),
                         "criterion_scores": [_fmt(v) for v in s.criterion_scores],
                         "quality_score": _fmt(s.quality_score), "price_score": _fmt(s.price_score),
                         "total": _fmt(s.total), "rank": s.rank} for s in scored],
        },
        "price_items": [item.model_dump() for item in price.items] if price else [],
    }
