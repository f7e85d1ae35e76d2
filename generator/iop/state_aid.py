"""State aid from the figures: what each idéburen party receives from the public parties over three
years, in euro at a dated rate, against the de minimis ceilings of data/state-aid.yaml.

The computation is arithmetic on the case; the ceilings, the regulations and the rate are data. Whether
the support is state aid at all (economic activity, selectivity, effect on trade) is the lawyer's
assessment (``assessment.state_aid``); the memo says what follows *if* it is.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..datafiles import read

# Public contributions that transfer a resource to an idéburen party. Money and premises given free
# go to the only idéburen party when there is one; staff only when the case names the recipient
# (a public party's own staff working beside the partner is not a transfer).
TRANSFERS = ("money", "premises", "staff")
THREE_YEARS_MONTHS = 36


def aid_data() -> dict[str, Any]:
    return read("state-aid.yaml").model_dump()


def _months(case) -> int:
    """The months of the three-year period the agreement fills (until further notice: all 36)."""
    months = case.term_months
    return THREE_YEARS_MONTHS if months is None else min(months, THREE_YEARS_MONTHS)


def _shares_by_payments(case, payer: str) -> dict[str, Decimal]:
    """Each idéburen payee's share of what ``payer`` pays out under payment.schedule."""
    idea = {p.name for p in case.parties.idea}
    paid: dict[str, int] = {}
    for payment in case.payment.schedule:
        if payment.payer == payer and payment.payee in idea:
            paid[payment.payee] = paid.get(payment.payee, 0) + payment.amount_sek
    total = sum(paid.values())
    return {name: Decimal(amount) / total for name, amount in paid.items()} if total else {}


def transfers(case) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """(per idéburen party the yearly transfers it receives, the transfers no party can be named for)."""
    public = {p.name for p in case.parties.public}
    idea = [p.name for p in case.parties.idea]
    per: dict[str, list[dict[str, Any]]] = {name: [] for name in idea}
    unknown: list[dict[str, Any]] = []
    for index, c in enumerate(case.contributions):
        if c.party not in public or c.kind not in TRANSFERS or not c.amount_sek_per_year:
            continue
        item = {"index": index, "party": c.party, "kind": c.kind, "description": c.description}
        if c.recipient in per:
            per[c.recipient].append(dict(item, sek=c.amount_sek_per_year))
        elif c.kind == "staff":
            continue
        elif len(idea) == 1:
            per[idea[0]].append(dict(item, sek=c.amount_sek_per_year))
        elif c.kind == "money" and (shares := _shares_by_payments(case, c.party)):
            for name, share in shares.items():
                per[name].append(dict(item, sek=int((c.amount_sek_per_year * share).to_integral_value(ROUND_HALF_UP))))
        else:
            unknown.append(dict(item, sek=c.amount_sek_per_year))
    return per, unknown


def state_aid(case) -> dict[str, Any]:
    data = aid_data()
    rate = data["exchange_rate"]
    sek_per_eur = Decimal(str(rate["sek_per_eur"]))
    ceilings = {c["key"]: c for c in data["ceilings"]}
    general, sgei = ceilings["general"]["amount_eur"], ceilings["sgei"]["amount_eur"]
    months = _months(case)
    per, unknown = transfers(case)
    parties = []
    for party in case.parties.idea:
        items = per.get(party.name, [])
        yearly = sum(i["sek"] for i in items)
        total_sek = int((Decimal(yearly) * months / 12).to_integral_value(ROUND_HALF_UP))
        eur = int((Decimal(total_sek) / sek_per_eur).to_integral_value(ROUND_HALF_UP))
        other = party.other_de_minimis_eur
        if not items:
            verdict = "none"
        elif eur > sgei:
            verdict = "above_sgei"              # no de minimis: an SGEI entrustment act (2012/21/EU) or notification
        elif eur > general or (other is not None and eur + other > general):
            verdict = "sgei"                    # only the SGEI de minimis or an entrustment act
        elif other is None:
            verdict = "other_unknown"           # within the ceiling alone; other aid decides
        else:
            verdict = "de_minimis"
        parties.append({"name": party.name, "items": items, "yearly_sek": yearly, "months": months,
                        "total_sek": total_sek, "total_eur": eur, "other_eur": other, "verdict": verdict,
                        "with_other_eur": eur + other if other is not None else None})
    return {"rate": {"sek_per_eur": str(sek_per_eur).replace(".", ","), "as_of": rate["as_of"], "kind": rate["kind"],
                     "source": rate["source"]},
            "general": ceilings["general"], "sgei": ceilings["sgei"], "sgei_decision": data["sgei_decision"],
            "months": months, "parties": parties, "unknown": unknown}
