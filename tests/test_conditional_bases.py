"""A clause's legal basis may hold only under a condition ({basis, when}): the document then cites,
lists and keywords it only where it applies (the socialtjänstlag in force on the date; LOV only in LOV)."""

from __future__ import annotations

from conftest import ROOT

from generator.build import Build
from generator.kinds import load_case
from generator.library import load_library


def _bases(sample: str) -> list[str]:
    loaded = load_case(ROOT / "samples" / sample)
    document = Build("tender", loaded, load_library()).document("tender", []).document
    return document.legal_bases


def test_the_socialtjanstlag_in_force_on_the_date_and_no_lov_in_a_lou_tender():
    now = _bases("tender-25a.yaml")            # 2026, elderly care
    assert "socialtjänstlagen (2025:400)" in now and "socialtjänstlagen (2001:453)" not in now
    assert "7 kap. 1 § socialtjänstlagen (2001:453)" not in now
    assert "20 kap. LOU" in now and "10 kap. LOV" not in now
    then = _bases("typfall-1.yaml")            # 2023, before the new act
    assert "socialtjänstlagen (2001:453)" in then and "socialtjänstlagen (2025:400)" not in then


def test_lov_cites_lov_review_and_lss_only_lss():
    lov = _bases("tender-lov-2a.yaml")
    assert "10 kap. LOV" in lov and "20 kap. LOU" not in lov
    lss = _bases("tender-19a-2.yaml")          # daily activity under LSS
    assert "lagen (1993:387) om stöd och service till vissa funktionshindrade" in lss
    assert not [b for b in lss if b.startswith("socialtjänstlagen")]


def test_exclusion_cites_the_rules_of_its_route():
    direct = _bases("tender-19a-2.yaml")
    assert "13 kap. 1 § LOU" in direct and "19 kap. 18 § LOU" not in direct and "7 kap. 1 § LOV" not in direct
    lov = _bases("tender-lov-2a.yaml")
    assert "7 kap. 1 § LOV" in lov and "13 kap. 1 § LOU" not in lov
    reserved = _bases("tender-25a.yaml")  # 19 kap. procedure
    assert "19 kap. 17 § LOU" in reserved and "19 kap. 18 § LOU" not in reserved   # issue 22, item 1
