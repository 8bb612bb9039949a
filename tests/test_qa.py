import json

import pytest

from pipeline.config import QAConfig
from pipeline.errors import ExitCode
from pipeline.records import Document, Issue, Origin, Segment
from pipeline.stages.qa import QAStage, QASummary, check_segment, fails
from tests.conftest import CORPUS


def _codes(source, target, origin=Origin.MACHINE, config=QAConfig()):
    return [i.code for i in check_segment(Segment("d", 0, 0, 0, len(source), source, target, origin=origin), config)]


CASES = [
    # (check, source, failing target, passing target)
    ("empty-target", "The House voted.", "  ", "La Cámara votó."),
    ("untranslated", "The House voted on the bill.", "The House voted on the bill.", "La Cámara votó la ley."),
    (
        "english-words",
        "The House voted on the bill today.",
        "La Cámara voted on the bill that it was.",
        "La Cámara votó hoy la ley.",
    ),
    (
        "length-ratio",
        "The House of Representatives voted on the spending bill.",
        "Sí.",
        "La Cámara de Representantes votó la ley de gasto.",
    ),
    ("repetition", "He said no.", "Dijo que no, no, no, no.", "Dijo que no."),
    (
        "repetition",
        "It was a long way.",
        "Fue un largo camino un largo camino un largo camino.",
        "Fue un largo camino.",
    ),
    (
        "number-mismatch",
        "He paid $1.5 billion at 2 p.m. for 650,000 units, 2.6% more.",
        "Pagó 1.500 millones a las 14.00 por 65.000 unidades, un 2,6 % más.",
        "Pagó 1.500 millones de dólares a las 14.00 por 650.000 unidades, un 2,6 % más.",
    ),
    (  # seven significant digits: the check once compared 1.23457e+06 with 1234567
        "number-mismatch",
        "It cost $1234.567 billion.",
        "Costó 1.234.560 millones de dólares.",
        "Costó 1.234.567 millones de dólares.",
    ),
    (  # read as the localizer reads it: "1,500" is thousands, not a decimal comma
        "number-mismatch",
        "It cost $1,500 billion.",
        "Costó 1.500 millones de dólares.",
        "Costó 1.500.000 millones de dólares.",
    ),
    (
        "unbalanced",
        "He said (on Monday) it was over.",
        "Dijo (el lunes que había terminado.",
        "Dijo (el lunes) que había terminado.",
    ),
    ("unbalanced", "“We listened,” he said.", "«Escuchamos, dijo.", "«Escuchamos», dijo."),
    ("placeholder-left", "Trump spoke.", "Xpz0qz habló.", "Trump habló."),
    # copy that quotes a marker of its own keeps it; a second one is ours, left over
    (
        "placeholder-left",
        "The code Xpz0qz leaked.",
        "El código Xpz0qz Xpz1qz se filtró.",
        "El código Xpz0qz se filtró.",
    ),
    ("placeholder-left", "Press ⟦x⟧ now.", "Pulse ⟦x⟧ ⟦ ahora.", "Pulse ⟦x⟧ ahora."),
    (
        "english-left",
        "Americans are tired of brinkmanship.",
        "Los estadounidenses están cansados de brinkmanship.",
        "Los estadounidenses están cansados de la política del riesgo calculado.",
    ),
    ("english-left", "Power was cut.", "Power estuvo cortado.", "Se cortó la electricidad."),  # initial, common
    (  # names (not common words, or not at a sentence start), acronyms and copied names pass
        "english-left",
        "Furyk's team won the Ryder Cup at Le Golf National, said LSU.",
        "El team de Furyk ganó la Ryder Cup en Le Golf National, dijo LSU.",
        "El equipo de Furyk ganó la Ryder Cup en Le Golf National, dijo LSU.",
    ),
    ("double-space", "He said it was over.", "Dijo que  había terminado.", "Dijo que había terminado."),
    ("space-before-punctuation", "Our neighbour, our friend.", "Vecino , amigo.", "Vecino, amigo."),
    ("space-before-punctuation", "What? (EFE)", "¿ Qué? (EFE)", "¿Qué? (EFE)"),
    (  # Apertium's compounds
        "run-together",
        "after a three-hour meeting along the 3,145-kilometer border",
        "después de una reunióndetres horas a lo largo del bordede3.145 kilómetros",
        "después de una reunión de tres horas a lo largo de la frontera de 3.145 kilómetros",
    ),
    (  # Spanish's own prefixes and pronouns are no run-together
        "run-together",
        "a well-known man",
        "un hombrebiensabido",
        "una autosátira superimportante para desarmarnos",
    ),
    (
        "url-changed",
        "See https://efe.com/a and desk@efe.com.",
        "Vea https://efe.es/a y desk@efe.com.",
        "Vea https://efe.com/a y desk@efe.com.",
    ),
]


@pytest.mark.parametrize("code, source, bad, good", CASES)
def test_each_check_fails_and_passes(code, source, bad, good):
    assert code in _codes(source, bad)
    assert _codes(source, good) == []


@pytest.mark.parametrize(
    "confidence, codes",
    [(None, []), (1.0, []), (0.5, []), (0.49, ["low-confidence"]), (0.0, ["low-confidence"])],
)
def test_low_confidence_is_an_info_issue_below_the_threshold(confidence, codes):
    seg = Segment("d", 0, 0, 0, 9, "He spoke.", "Habló.", origin=Origin.MACHINE, confidence=confidence)
    issues = check_segment(seg, QAConfig(low_confidence=0.5))
    assert [i.code for i in issues] == codes
    assert all(i.severity == "info" for i in issues)


def test_a_quote_opened_in_one_sentence_and_closed_in_the_next_is_fine():
    assert _codes("“Peace is not a gift.", "«La paz no es un regalo.") == []
    assert _codes("It is a task,” she said.", "Es una tarea», dijo.") == []


def test_spanish_only_checks_do_not_fire_on_pseudo_translations():
    assert _codes("The House voted on the bill.", "The House voted on the bill.", origin=Origin.PSEUDO) == []
    assert "empty-target" in _codes("The House voted.", "", origin=Origin.PSEUDO)


def test_thresholds_come_from_config():
    source, target = (
        "The House of Representatives voted.",
        "La Cámara de Representantes de los Estados Unidos de América votó hoy.",
    )
    assert "length-ratio" not in _codes(source, target)
    assert "length-ratio" in _codes(source, target, config=QAConfig(max_length_ratio=1.5))


@pytest.mark.parametrize(
    "severity, fail_on, expected",
    [("warning", "warning", True), ("warning", "error", False), ("error", "warning", True), ("error", "never", False)],
)
def test_summary_and_fail_levels(severity, fail_on, expected):

    summary = QASummary()
    summary.add(
        [
            Segment("d", 0, 0, 0, 3, "One.", "Uno."),
            Segment("d", 0, 1, 0, 3, "Two.", "x", issues=(Issue("c", severity, "m"),)),
        ]
    )
    assert summary.segments == 2 and summary.by_code == {f"{severity}:c": 1}
    assert fails(summary, fail_on) is expected


def test_qa_command_gates_on_edited_output(run, tmp_path):
    out = tmp_path / "out"
    assert (
        run("translate", str(CORPUS / "havana-hurricane.txt"), "-o", str(out), "--engine", "apertium", "-q").exit_code
        == 0
    )
    assert run("qa", str(out)).exit_code == 0
    lines = (out / "segments.jsonl").read_text(encoding="utf-8").splitlines()
    edited = json.loads(lines[1])
    edited["target"] = edited["target"].replace("7.40", "8.40")  # an editor mistypes a time
    (out / "segments.jsonl").write_text(
        "\n".join([lines[0], json.dumps(edited, ensure_ascii=False), *lines[2:]]) + "\n", encoding="utf-8"
    )
    refused = run("qa", str(out))  # qa publishes the store again: it would overwrite the hand edit
    assert refused.exit_code == ExitCode.FAILED and f"apply {out / 'segments.jsonl'} {out}" in refused.output
    applied = run("apply", str(out / "segments.jsonl"), str(out), "--editor", "Ana")
    assert applied.exit_code == ExitCode.QA_FAILED and "1 changed" in applied.output
    result = run("qa", str(out), "--fail-on", "error")
    assert result.exit_code == ExitCode.QA_FAILED
    assert f"{edited['id']}: error: number-mismatch" in result.output
    report = json.loads((out / "qa.json").read_text(encoding="utf-8"))
    assert report["by_severity"]["error"] == 1 and report["segments_with_errors"] == [edited["id"]]
    assert run("qa", str(out), "--fail-on", "never").exit_code == 0


def test_an_article_mixing_percent_forms_is_flagged_where_it_says_por_ciento():
    doc = Document(
        "d",
        "d.txt",
        ("Rose 38.6 percent. Fell 41.2%.",),
        segments=(
            Segment("d", 0, 0, 0, 18, "Rose 38.6 percent.", "Subió un 38,6 por ciento.", origin=Origin.MACHINE),
            Segment("d", 0, 1, 19, 30, "Fell 41.2%.", "Bajó un 41,2 %.", origin=Origin.MACHINE),
        ),
    )
    first, second = QAStage()(QAStage()(doc)).segments
    assert [i.code for i in first.issues].count("percent-style") == 1
    assert "percent-style" not in {i.code for i in second.issues}
