"""Issue 17 item 12: the form's error summary names each field in Swedish; no internal key paths or
command-line hints reach the form; a busy port is one Swedish line and exit 2."""

from __future__ import annotations

import re
import socket

import pytest

pytest.importorskip("starlette")

from conftest import ROOT, run_docgen  # noqa: E402


def _empty_tender_errors() -> dict[str, str]:
    from generator.serve.documents import available
    from generator.serve.workflow import state_from_form, validate

    state = state_from_form(available()["tender"], {"route": "25a", "date": "2026-12-01"})
    validate(state)
    return state


def test_each_missing_field_is_named_in_the_summary():
    state = _empty_tender_errors()
    messages = list(state.errors.values())
    assert "Upphandlingens namn måste fyllas i" in messages
    assert "Diarienummer måste fyllas i" in messages
    assert len(set(messages)) == len(messages)  # not eight identical "måste fyllas i"
    for message in messages + state.general:
        assert not re.search(r"\b[a-z_]+\.[a-z_]+", message), message  # no procurement.cpv.0
        assert "docgen" not in message and " --" not in message, message


def test_a_cpv_line_is_named_by_its_label_and_row():
    from generator.serve.documents import available
    from generator.serve.workflow import state_from_data, validate

    data = __import__("yaml").safe_load((ROOT / "samples" / "tender-25a.yaml").read_text(encoding="utf-8"))
    data["procurement"]["cpv"] = ["85311100-3", "8531100A-2"]
    state = state_from_data(available()["tender"], data)
    validate(state)
    [message] = [m for m in state.errors.values() if "CPV" in m]
    assert message.startswith("CPV-koder: ogiltig CPV-kod '8531100A-2'"), message
    assert "procurement" not in message


def test_route_refusal_in_the_form_gives_no_command_line_hint():
    from generator.errors import DocgenError
    from generator.serve.workflow import for_form

    state = _empty_tender_errors()
    refusal = DocgenError("vägen 25 kan inte användas: för lång",
                          command_hint="kör docgen routes --data för att se vilka vägar som är möjliga")
    assert "kör docgen routes" in refusal.one_line()  # the command line says it
    assert for_form(state, refusal) == "vägen 25 kan inte användas: för lång"


def test_a_check_across_keys_names_both_fields_by_their_labels():
    from generator.serve.documents import available
    from generator.serve.workflow import state_from_data, validate

    data = __import__("yaml").safe_load((ROOT / "samples" / "tender-25a.yaml").read_text(encoding="utf-8"))
    data["procurement"]["tender_deadline"] = data["procurement"]["start_date"]
    state = state_from_data(available()["tender"], data)
    validate(state)
    messages = list(state.errors.values()) + state.general
    assert any("Planerad kontraktsstart måste ligga efter Sista anbudsdag" in m for m in messages), messages


def test_busy_port_is_one_swedish_line_and_exit_2():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = run_docgen("serve", "--port", str(port), timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr == (f"docgen: fel: 127.0.0.1:{port}: porten används redan av ett annat program "
                             f"(välj en annan med --port, t.ex. --port 8001)\n")
