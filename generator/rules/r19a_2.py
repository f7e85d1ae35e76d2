"""19 a kap. 2 § LOU: direct award below the limit in force on the case date (data/thresholds.yaml).

The whole-term value plus the same-kind purchases of the fiscal year must be *under* the limit:
700 000 kr in general, the EU threshold for social and other specific services (LOU bilaga 2).
A CPV code in any of the three statutory lists is a bilaga 2 service; for other codes the case says so.
"""

from __future__ import annotations

from ..cpv import cpv_list
from ..render import cpv_label, money
from ..thresholds import Lookup, threshold_in_force
from . import Facts, Route, Verdict

BASIS = "19 a kap. 2 § LOU"
ANNEX2_LISTS = ("lou-19-25", "lou-19-25a", "lov-1-1")
GENERAL, ANNEX2, DOCUMENTATION = "direct_award_general", "direct_award_annex2", "direct_award_documentation"


def annex2_status(facts: Facts) -> tuple[bool | None, str, list[str]]:
    """(is it a bilaga 2 service?, the reason, warnings)."""
    outside = [c for c in facts.cpv if not any(cpv_list(key).covers(c) for key in ANNEX2_LISTS)]
    if facts.cpv and not outside:
        warnings = []
        if facts.annex2 is False:
            warnings.append("Ärendet anger att tjänsten inte avser bilaga 2 till LOU, men alla CPV-koder finns i "
                            "förteckningarna till 19 kap. 25 §, 19 kap. 25 a § LOU eller 1 kap. 1 § LOV; "
                            "koderna har lagts till grund för bedömningen.")
        return True, ("Tjänsten avser bilaga 2 till LOU: alla CPV-koder finns i förteckningarna till "
                      "19 kap. 25 §, 19 kap. 25 a § LOU eller 1 kap. 1 § LOV."), warnings
    listed = ", ".join(cpv_label(c) for c in outside)
    if facts.annex2 is True:
        return True, f"Enligt ärendet avser tjänsten bilaga 2 till LOU (gäller även {listed}).", []
    if facts.annex2 is False:
        return False, "Enligt ärendet avser tjänsten inte bilaga 2 till LOU; den allmänna gränsen gäller.", []
    what = f"CPV {listed} finns inte i någon av förteckningarna" if outside else "Ingen CPV-kod är angiven"
    return None, f"{what}; det framgår inte om tjänsten avser bilaga 2 till LOU.", [
        f"{what}: ange om tjänsten avser bilaga 2 till LOU (--annex2/--no-annex2 eller "
        "procurement.annex2_service i ärendefilen) för att avgöra vilken direktupphandlingsgräns som gäller."]


def limit_in_force(facts: Facts) -> Lookup | None:
    """The direct-award limit that applies to the purchase on its date; None while bilaga 2 is unknown."""
    annex2, _, _ = annex2_status(facts)
    if annex2 is None:
        return None
    return threshold_in_force(ANNEX2 if annex2 else GENERAL, facts.date)


def _under(total: int, lookup: Lookup) -> bool:
    return total < lookup.threshold.amount_sek  # "understiga": exactly at the limit is not under


def _limit_text(lookup: Lookup) -> str:
    t = lookup.threshold
    return f"{money(t.amount_sek)} ({t.basis}, gäller {t.period})"


def check(facts: Facts) -> Verdict:
    verdict = Verdict("19a-2", True, BASIS)
    annex2, annex2_reason, annex2_warnings = annex2_status(facts)
    verdict.reasons.append(annex2_reason)
    if facts.value_sek is None:
        verdict.unknown("Kontraktets värde är inte angivet; värdet för hela löptiden inklusive optioner ska understiga "
                        "direktupphandlingsgränsen.", "Ange värdet för hela löptiden inklusive optioner (--value).")
        verdict.warnings.extend(annex2_warnings)
        return verdict
    total = facts.value_sek + facts.same_kind_sek
    counted = (f"Kontraktsvärdet {money(facts.value_sek)} för hela löptiden"
               + (f" och direktupphandlingar av samma slag under räkenskapsåret {money(facts.same_kind_sek)}, "
                  f"sammanlagt {money(total)}," if facts.same_kind_sek else
                  " (inga tidigare direktupphandlingar av samma slag under räkenskapsåret)"))

    if annex2 is None:
        general = threshold_in_force(GENERAL, facts.date)
        special = threshold_in_force(ANNEX2, facts.date)
        if general.threshold and _under(total, general):
            verdict.reasons.append(f"{counted} understiger ändå den allmänna gränsen {_limit_text(general)}.")
        elif special.threshold and not _under(total, special):
            verdict.refuse(f"{counted} understiger inte ens gränsen för tjänster enligt bilaga 2 {_limit_text(special)}; "
                           "direktupphandling får inte användas.", fact=("value_sek",))
        else:
            verdict.unknown(f"{counted} avgör inte saken utan uppgift om bilaga 2.", None)
            verdict.warnings.extend(annex2_warnings)
            for lookup in (general, special):
                if lookup.gap:
                    verdict.warnings.append(f"Tröskelvärde saknas: {lookup.gap}.")
    else:
        verdict.warnings.extend(annex2_warnings)
        lookup = threshold_in_force(ANNEX2 if annex2 else GENERAL, facts.date)
        if lookup.threshold is None:
            verdict.unknown(f"Det finns ingen känd direktupphandlingsgräns för {facts.date.isoformat()}.",
                            f"Tröskelvärde saknas: {lookup.gap}.")
        elif _under(total, lookup):
            verdict.reasons.append(f"{counted} understiger gränsen {_limit_text(lookup)}.")
        else:
            verdict.refuse(f"{counted} understiger inte gränsen {_limit_text(lookup)}; direktupphandling får inte användas "
                           "(värdet måste understiga gränsen).", fact=("value_sek",))

    documentation = threshold_in_force(DOCUMENTATION, facts.date)
    if documentation.threshold is None:
        verdict.warnings.append(f"Gränsen för dokumentationsplikt är okänd: {documentation.gap}.")
    elif facts.value_sek >= documentation.threshold.amount_sek:
        text = (f"Direktupphandlingen ska dokumenteras ({documentation.threshold.basis}): värdet uppgår till minst "
                f"{money(documentation.threshold.amount_sek)}.")
        verdict.reasons.append(text)
        verdict.requirements.append(text)
    else:
        verdict.reasons.append(f"Dokumentationsplikt enligt {documentation.threshold.basis} gäller först från "
                               f"{money(documentation.threshold.amount_sek)}; god ordning är ändå att dokumentera.")
    if verdict.eligible:
        verdict.requirements.append("Den upphandlande myndigheten bör tillfråga flera leverantörer för att ta tillvara "
                                    "konkurrensen, i enlighet med myndighetens riktlinjer för direktupphandling.")
    return verdict


ROUTE = Route("19a-2", "Direktupphandling", BASIS, check)
