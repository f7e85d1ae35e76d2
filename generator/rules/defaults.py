"""The buyer's decisions a tender case leaves open, filled from generator/data/buyer_defaults.yaml (by
sector and by the route's properties in routes.yaml), each default reported as a finding for the buyer
to confirm. This is the tender kind's check stage (kinds._tender_check); the models in decisions.py
only validate what the case says.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from ..datafiles import BuyerDefaultsFile, IndexPublication, load_routes, read
from ..decisions import Contract, Evaluation, Insurance, Price, PriceIndex, ScaleStep, Specification, Vite
from ..errors import DocgenError
from ..findings import Finding
from ..render import money


@lru_cache(maxsize=1)
def load_defaults() -> BuyerDefaultsFile:
    return read("buyer_defaults.yaml")


def defaults_sector(case) -> str:
    """The defaults' sector: ``procurement.sector`` when the case model has one and the data knows it,
    else from the first CPV code with a prefix in buyer_defaults.yaml's ``sectors`` (else ``general``)."""
    data = load_defaults()
    sectors = data.sectors
    chosen = getattr(case.procurement, "sector", None) or getattr(case, "sector", None)  # the pack the CPV codes pick
    if chosen:
        chosen = str(chosen)
        if chosen in sectors:
            return chosen
        family = data.sector_families.get(chosen)
        if family in sectors:
            return family
    for code in case.procurement.cpv:
        for name, spec in sectors.items():
            if any(code.startswith(prefix) for prefix in spec.cpv_prefixes):
                return name
    return "general"


def _index_publication(index: PriceIndex, known: list[IndexPublication]) -> None:
    """How the index is published and which figures apply (buyer_defaults.yaml's ``indexes``, by the
    index's name), unless the case says; an unknown index is monthly, with the figures published when
    the adjustment is made (issue 22, item 7)."""
    words = set(index.name.replace("(", " ").replace(")", " ").casefold().split())
    found = next((entry for entry in known if any(m.casefold() in words for m in entry.match)), None)
    index.publication = index.publication or (found.publication if found else "månatlig")
    index.figures = index.figures or (found.figures if found else "de indexvärden som är publicerade vid justeringstidpunkten")


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    return date(year, month % 12 + 1, 1)


def fill_defaults(case, lines) -> list[Finding]:
    """Fill every part of the buyer's decisions the case leaves open (in place) from the data, and
    return one finding per default filled, at its key (``lines``: the case file's LineMap). A route
    without competition (routes.yaml ``competition: false``, the choice system of LOV) has no evaluation
    or price: they stay None."""
    data = load_defaults()
    spec = data.sectors[defaults_sector(case)]
    label = spec.label
    scale = [{"points": s.points, "meaning": s.meaning} for s in data.scale]
    out: list[Finding] = []

    def note(path: tuple, what: str) -> None:
        out.append(Finding.at(lines, path, f"standardvärde för {'.'.join(path)}: {what} (sektor: {label}); "
                              "bekräfta eller ange egna värden i ärendefilen", code="buyer-default"))

    competes = load_routes().route(case.route).competition
    if competes and case.evaluation is None:
        ev = Evaluation.model_validate(spec.evaluation | {"scale": scale})
        case.evaluation = ev
        weights = ", ".join(f"{c.name} {c.weight} %" for c in ev.criteria)
        price = f", pris {ev.price_weight} %" if ev.price_weight else ""
        note(("evaluation",), f"tilldelningsgrund {ev.basis} med {weights}{price} och en poängskala 0–"
                              f"{ev.scale[-1].points if ev.scale else ''}")
    if not competes:
        case.evaluation = None
    elif case.evaluation.scale is None and any(c.scale is None for c in case.evaluation.criteria):
        case.evaluation.scale = [ScaleStep.model_validate(step) for step in scale]
        note(("evaluation", "scale"), "den gemensamma poängskalan " + ", ".join(str(s.points) for s in case.evaluation.scale)
             + " poäng")
    if competes and case.price is None:
        pack = getattr(case, "sector", None)   # a sector pack's own price items (per hour, per night …)
        items = spec.price_items_by_sector.get(pack) or spec.price_items
        case.price = Price.model_validate({"items": items})
        note(("price",), "prisbilagans poster " + ", ".join(f"{i.name} ({i.unit})" for i in case.price.items))
    if not competes:
        case.price = None
    if case.evaluation is not None and case.price is not None:
        fixed = [i.name for i in case.price.items if i.amount_sek is not None]
        if case.evaluation.basis == "fast-pris" and len(fixed) != len(case.price.items):
            raise DocgenError("vid fast pris ska varje prispost i price.items ha amount_sek (den ersättning myndigheten bestämt)",
                              where=lines.where(("price", "items")), key=("price", "items"))
        if case.evaluation.basis != "fast-pris" and fixed:
            raise DocgenError(f"prisposten {fixed[0]!r} har amount_sek men anbuden konkurrerar med pris: "
                              "ta bort amount_sek eller välj evaluation.basis: fast-pris",
                              where=lines.where(("price", "items")), key=("price", "items"))
    if case.specification is None:
        case.specification = Specification()
    contract = case.contract or Contract()
    if contract.index is None:
        base = case.procurement.tender_deadline or case.date
        index = spec.index
        contract.index = PriceIndex(name=index["name"], publisher=index["publisher"], base_month=_month(base),
                                    first_adjustment=_add_months(case.procurement.start_date, 12),
                                    interval_months=12)
        note(("contract", "index"), f"prisjustering enligt {index['name']} med basmånad {contract.index.base_month}, "
                                    f"första justering {contract.index.first_adjustment.isoformat()} och därefter var tolfte månad")
    _index_publication(contract.index, data.indexes)
    if contract.insurance is None:
        contract.insurance = Insurance.model_validate(spec.insurance)
        note(("contract", "insurance"), f"ansvarsförsäkring om {money(contract.insurance.liability_sek)} per skadetillfälle")
    if contract.vite is None:
        contract.vite = [Vite.model_validate(v) for v in spec.vite]
        note(("contract", "vite"), "viten för " + ", ".join(v.name.lower() for v in contract.vite))
    case.contract = contract
    return out
