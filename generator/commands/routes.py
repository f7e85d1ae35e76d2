"""`docgen routes`: which legal routes a purchase may use, and why (one verdict per route)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import click

from ..errors import DocgenError

MARKS = {True: "✓", False: "✗", None: "?"}


def parse_sek(value: str | None, flag: str) -> int | None:
    """'1800000', '1 800 000' or '1_800_000' -> 1800000; negative or non-integer -> one-line error."""
    if value is None:
        return None
    text = re.sub(r"[\s_\u00a0]", "", str(value)).removesuffix("kr")
    if re.fullmatch(r"-\d+", text):
        raise DocgenError(f"{flag} får inte vara negativt (värde: {value!r})", hint="ange beloppet i hela kronor, t.ex. 1800000")
    if not re.fullmatch(r"\d{1,12}", text):
        raise DocgenError(f"{flag} ska vara ett belopp i hela kronor (värde: {value!r})", hint="t.ex. 1800000 eller '1 800 000'")
    return int(text)


def parse_months(value: str | None) -> int | None:
    if value is None:
        return None
    if not re.fullmatch(r"\d{1,4}", str(value).strip()) or int(value) <= 0:
        raise DocgenError(f"--months ska vara ett positivt heltal (värde: {value!r})",
                          hint="ange hela löptiden inklusive optioner i månader, t.ex. 48")
    return int(value)


def parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise DocgenError(f"--date ska vara ett datum ÅÅÅÅ-MM-DD (värde: {value!r})", hint="t.ex. 2026-12-01") from None


def facts_from_options(data: Path | None, cpv: tuple[str, ...], value: str | None, months: str | None,
                       day: str | None, same_kind: str | None, annex2: bool | None, vardval: bool, repeat_25: bool):
    """The route facts of the case file (if any) with the flags given on top (routing.route_facts)."""
    from ..cpv import check_format
    from ..routing import route_facts

    codes = tuple(dict.fromkeys(check_format(code, where="--cpv") for code in cpv))
    case = None
    if data is not None:
        from ..kinds import load_case

        case = load_case(data, expect="tender").model
    return route_facts(case, cpv=codes or None, value_sek=parse_sek(value, "--value"), months=parse_months(months),
                       date=parse_day(day), same_kind_sek=parse_sek(same_kind, "--same-kind-sek"), annex2=annex2,
                       vardval=vardval or None, repeat_25=repeat_25 or None)


def authority_kind_of(data: Path | None) -> str:
    """The authority's kind from the case file (it decides the EU threshold), else kommun."""
    if data is None:
        return "kommun"
    from ..kinds import load_case

    return load_case(data, expect="tender").model.authority.kind


def advise(facts, authority_kind: str = "kommun") -> dict:
    """The advisor's answer as plain data: the exact `--json` shape (routing.Advice.as_json)."""
    from ..routing import advise as advise_routes

    return advise_routes(facts, authority_kind).as_json()


def human(answer: dict, facts) -> str:
    from ..render import money
    from ..rules import routes

    names = {rid: route.name for rid, route in routes().items()}
    head = [f"Rättsliga vägar per {answer['date']}"]
    head.append("värde " + (money(answer["value_sek"]) if answer["value_sek"] is not None else "ej angivet"))
    head.append(f"löptid {facts.months} månader" if facts.months is not None else "löptid ej angiven")
    if facts.same_kind_sek:
        head.append(f"samma slag under räkenskapsåret {money(facts.same_kind_sek)}")
    lines = [", ".join(head)]
    threshold = answer["threshold_sek"]
    lines.append("Direktupphandlingsgräns: " + (money(threshold) if threshold is not None else "kan inte fastställas"))
    lines.append("")
    width = max(len(r["basis"]) for r in answer["routes"])
    for route in answer["routes"]:
        lines.append(f"{MARKS[route['eligible']]}  {route['id']:<6} {route['basis']:<{width}}  {names.get(route['id'], '')}")
        for reason in route["reasons"]:
            lines.append(f"           – {reason}")
        procedure = route.get("procedure")
        if procedure:
            lines.append(f"           → förfarande: {procedure['name']} ({procedure['basis']})" if procedure["id"]
                         else f"           → förfarandet kan inte avgöras: {procedure['unknown']}")
    if answer["warnings"]:
        lines.append("")
        lines.append("Varningar:")
        lines.extend(f"  ! {w}" for w in answer["warnings"])
    lines.append("")
    lines.append("✓ får användas · ✗ får inte användas · ? kan inte avgöras (en uppgift saknas)")
    return "\n".join(lines)


@click.command()
@click.option("--cpv", "cpv", multiple=True, metavar="KOD", help="CPV-kod, t.ex. 85312200-1 (kan anges flera gånger).")
@click.option("--value", "value", metavar="KR", default=None, help="Uppskattat värde för hela löptiden inklusive optioner, i kronor.")
@click.option("--months", "months", metavar="N", default=None, help="Hela löptiden inklusive optioner, i månader.")
@click.option("--date", "day", metavar="ÅÅÅÅ-MM-DD", default=None, help="Datum för prövningen (standard: i dag).")
@click.option("--same-kind-sek", "same_kind", metavar="KR", default=None,
              help="Direktupphandlingar av samma slag under räkenskapsåret, i kronor.")
@click.option("--annex2/--no-annex2", "annex2", default=None, help="Tjänsten avser (inte) bilaga 2 till LOU.")
@click.option("--vardval", is_flag=True, help="Valfrihetssystemet är ett vårdvalssystem (7 kap. 3 § HSL).")
@click.option("--repeat-25", "repeat_25", is_flag=True,
              help="Samma organisation har under de senaste tre åren fått kontrakt för samma tjänst enligt 19 kap. 25 § LOU.")
@click.option("--data", "data", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Ärendefil (YAML); flaggor som anges därutöver ersätter ärendets uppgifter.")
@click.option("--json", "as_json", is_flag=True, help="Skriv svaret som JSON.")
def routes(cpv, value, months, day, same_kind, annex2, vardval, repeat_25, data, as_json) -> None:
    """Vilka rättsliga vägar får användas för ett inköp, och varför?"""
    facts = facts_from_options(data, cpv, value, months, day, same_kind, annex2, vardval, repeat_25)
    answer = advise(facts, authority_kind_of(data))
    if as_json:
        click.echo(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        click.echo(human(answer, facts))


COMMANDS = [routes]
