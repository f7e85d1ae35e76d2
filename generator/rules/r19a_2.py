"""19 a kap. 2 § LOU: direct award below the limit in force on the case date (data/thresholds.yaml).

The whole-term value plus the same-kind purchases of the fiscal year must be *under* the limit: the
general limit (first sentence), or for services in LOU bilaga 2 the EU threshold for them (second
sentence). Bilaga 2 membership comes from the one rule in generator.cpv (annex2_evidence, data in
data/lou_bilaga2.yaml); for codes it does not know, the case says so (procurement.annex2_service).
The threshold kinds and every reason text are in data/routes.yaml.
"""

from __future__ import annotations

from ..cpv import annex2_evidence, annex2_outside
from ..datafiles import load_routes
from ..render import cpv_label, money
from ..thresholds import Lookup, threshold_in_force
from . import Facts, Verdict, text


def _spec():
    for spec in load_routes().routes:
        if spec.check == __name__.rsplit(".", 1)[-1]:
            return spec
    raise LookupError("routes.yaml names no route for rules.r19a_2")


def _evidence_text(sources) -> str:
    names = list(dict.fromkeys(source.text for source in sources))
    where = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]
    return f"alla CPV-koder finns i {where}"


def annex2_status(facts: Facts, spec=None) -> tuple[bool | None, str, list[str]]:
    """(is it a bilaga 2 service?, the reason, warnings). The main object of a mixed contract
    (``facts.main_cpv``) decides when some codes are known bilaga 2 services and others are not."""
    spec = spec or _spec()
    evidence = {code: annex2_evidence(code) for code in facts.cpv}
    outside = [code for code, source in evidence.items() if source is None]
    if facts.cpv and not outside:
        why = _evidence_text(evidence.values())
        warnings = [text(spec, "annex2_case_warning", evidence=why)] if facts.annex2 is False else []
        return True, text(spec, "annex2_all", evidence=why), warnings
    # issue 21: a code in a division bilaga 2 does not reach is decided by the law, not asked
    not_annex2 = {code: annex2_outside(code) for code in outside}
    undecided = [code for code in outside if not_annex2[code] is None]
    listed = ", ".join(cpv_label(c) for c in outside)
    if facts.cpv and len(outside) == len(facts.cpv) and not undecided:   # the law decides, whatever the case says
        why = "; ".join(not_annex2[c] for c in facts.cpv)
        warnings = [text(spec, "annex2_case_outside_warning", reasons=why)] if facts.annex2 is True else []
        return False, text(spec, "annex2_outside", reasons=why), warnings
    if facts.annex2 is True:
        return True, text(spec, "annex2_case_true", codes=listed), []
    if facts.annex2 is False:
        return False, text(spec, "annex2_case_false"), []
    main = facts.main_cpv
    if main is not None and main in evidence:
        if evidence[main] is not None:
            return True, text(spec, "annex2_main", main=cpv_label(main), evidence=evidence[main].text), []
        if not_annex2[main] is not None:
            return False, text(spec, "annex2_main_not", reason=not_annex2[main]), []
    if undecided:
        listed = ", ".join(cpv_label(c) for c in undecided)
    what = text(spec, "annex2_unknown_codes", codes=listed) if outside else text(spec, "annex2_no_codes")
    return None, text(spec, "annex2_unknown", what=what), [text(spec, "annex2_unknown_warning", what=what)]


def limit_in_force(facts: Facts) -> Lookup | None:
    """The direct-award limit that applies to the purchase on its date; None while bilaga 2 is unknown."""
    spec = _spec()
    annex2, _, _ = annex2_status(facts, spec)
    if annex2 is None:
        return None
    return threshold_in_force(spec.thresholds["annex2" if annex2 else "general"], facts.date)


def _under(total: int, lookup: Lookup) -> bool:
    return total < lookup.threshold.amount_sek  # "understiga": exactly at the limit is not under


def _limit_text(spec, lookup: Lookup) -> str:
    t = lookup.threshold
    return text(spec, "limit", amount=money(t.amount_sek), basis=t.basis, period=t.period)


def check(facts: Facts, *, spec) -> Verdict:
    verdict = Verdict(spec.id, True, spec.basis)
    kinds = spec.thresholds
    annex2, annex2_reason, annex2_warnings = annex2_status(facts, spec)
    verdict.reasons.append(annex2_reason)
    if facts.value_sek is None:
        verdict.unknown(text(spec, "value_unknown"), text(spec, "value_unknown_warning"))
        verdict.warnings.extend(annex2_warnings)
        return verdict
    total = facts.value_sek + facts.same_kind_sek
    if facts.same_kind_sek:
        counted = text(spec, "counted_with_same_kind", value=money(facts.value_sek),
                       same_kind=money(facts.same_kind_sek), total=money(total))
    else:
        counted = text(spec, "counted_alone", value=money(facts.value_sek))

    if annex2 is None:
        general = threshold_in_force(kinds["general"], facts.date)
        special = threshold_in_force(kinds["annex2"], facts.date)
        if general.threshold and _under(total, general):
            verdict.reasons.append(text(spec, "under_general_anyway", counted=counted, limit=_limit_text(spec, general)))
        elif special.threshold and not _under(total, special):
            verdict.refuse(text(spec, "not_under_annex2", counted=counted, limit=_limit_text(spec, special)),
                           fact=("value_sek",))
        else:
            verdict.unknown(text(spec, "undecided", counted=counted), None)
            verdict.warnings.extend(annex2_warnings)
            for lookup in (general, special):
                if lookup.gap:
                    verdict.warnings.append(text(spec, "threshold_gap_warning", gap=lookup.gap))
    else:
        verdict.warnings.extend(annex2_warnings)
        lookup = threshold_in_force(kinds["annex2" if annex2 else "general"], facts.date)
        if lookup.threshold is None:
            verdict.unknown(text(spec, "no_limit", day=facts.date.isoformat()),
                            text(spec, "threshold_gap_warning", gap=lookup.gap))
        elif _under(total, lookup):
            verdict.reasons.append(text(spec, "under", counted=counted, limit=_limit_text(spec, lookup)))
        else:
            verdict.refuse(text(spec, "not_under", counted=counted, limit=_limit_text(spec, lookup)), fact=("value_sek",))

    documentation = threshold_in_force(kinds["documentation"], facts.date)
    if documentation.threshold is None:
        verdict.warnings.append(text(spec, "documentation_unknown", gap=documentation.gap))
    elif facts.value_sek >= documentation.threshold.amount_sek:
        required = text(spec, "documentation_required", basis=documentation.threshold.basis,
                        amount=money(documentation.threshold.amount_sek))
        verdict.reasons.append(required)
        verdict.requirements.append(required)
    else:
        verdict.reasons.append(text(spec, "documentation_optional", basis=documentation.threshold.basis,
                                    amount=money(documentation.threshold.amount_sek)))
    if verdict.eligible:
        verdict.requirements.append(text(spec, "ask_several"))
    return verdict
