"""Interoperability with a CAT tool nobody here wrote: OmegaT 3.6 (Debian's `omegat` package).

What it measures, on corpus/*.txt translated by `efe-pipeline translate` (--engine, default apertium):

  1. TMX: an OmegaT project whose source/ holds the corpus and whose tm/auto/ holds our corpus.tmx
     (OmegaT inserts exact matches from tm/auto/ as translations). OmegaT's own statistics
     (omegat/project_stats.txt) give the segments it filled out of all, twice: with OmegaT's
     default segmentation, and with a project segmentation (omegat/segmentation.conf, written
     here: OmegaT's default rules plus a rule set that ends a segment after an EFE dateline,
     "Bogotá (EFE).– ", "MADRID, Dec. 3 (EFE).-", "MEXICO CITY (EFE) -").
  2. XLIFF: the segments OmegaT reads from our XLIFF 2.0 files (<doc id>.xlf) and, when
     `translate --xliff` exists in this build, from our XLIFF 1.2 files (<doc id>.v12.xlf),
     and whether it wrote target files for them. OmegaT 3.6's XLIFF filter translates what is in
     <target> (a unit without one is not read), so the figures also say whether the segments it
     read are our English or our Spanish.
  3. Coming back: each TMX OmegaT wrote (console mode exports <project>-omegat.tmx,
     -level1.tmx and -level2.tmx; omegat/project_save.tmx when it exists) through
     `efe-pipeline tm import`: exit status and what it printed; then, with a memory that
     imported, a second `translate --tm` and the segments whose origin is "memory".

With --xliff-suite DIR it measures something else instead: every file of an XLIFF test suite
(the OASIS XLIFF 2.1/2.2 suites' valid/ and invalid/ folders) through our reader, counting
valid files imported or not read for a named reason, invalid files refused, and listing any
file read the wrong way (exit 1 when there is one).

OmegaT runs headless in console mode with its settings in the work folder (never ~/.omegat).
It is installed with `apt-get install -y omegat` when missing and this is Debian as root;
otherwise the benchmark prints "skipped: OmegaT not available" and exits 0.

    python bench/interop.py [--engine apertium|pseudo] [--keep DIR] [--json PATH] [--corpus DIR]
    python bench/interop.py --xliff-suite DIR [--json PATH]
    make bench-interop
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.errors import IngestError, UsageError
from pipeline.formats.edits import read_file
from pipeline.formats.xliff_rules import NOT_READ

ROOT = Path(__file__).resolve().parents[1]
DEBIAN_JAR = Path("/usr/share/omegat/OmegaT.jar")
# Where OmegaT 3.6 keeps the default segmentation rules it starts from (an SRX 2.0 file).
DEFAULT_RULES = "org/omegat/core/segmentation/defaultRules.srx"
# OmegaT 3.6 reads a project's own segmentation from omegat/segmentation.conf (java.beans
# XMLEncoder); a file older than this version gets OmegaT's defaults merged into it.
SRX_VERSION = "0.2.2"
SOURCE_LANG = "en"
TARGET_LANG = "es"
OMEGAT_TIMEOUT = 300  # seconds for one OmegaT run
TRANSLATE_TIMEOUT = 600
# The end of an EFE dateline (as pipeline/stages/ingest.py reads one): "(EFE).–", "(EFE).-",
# "(EFE):", "(EFE) -", "(EFE) –". Java regex syntax (the same as Python's here).
DATELINE_END = r"\(EFE\)(?:\s*[.:][-–—]*|\s*[-–—]+)"
# A month abbreviation inside a dateline ("WASHINGTON, Jan. 25 (EFE).-") is no sentence end.
DATELINE_MONTH = r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\."
DATELINE_DAY = r"\s+\d{1,2}\s*\(EFE\)"
EXPORT_SUFFIXES = ("-omegat.tmx", "-level2.tmx", "-level1.tmx")


class StepError(Exception):
    """A step that could not run; the message says why."""


@dataclass(frozen=True)
class Rule:
    """One segmentation rule: a break (or, with brk False, no break) between before and after."""

    brk: bool
    before: str
    after: str


@dataclass(frozen=True)
class RuleSet:
    """OmegaT's MapRule: the rules for the languages whose code matches pattern."""

    name: str
    pattern: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class OmegaT:
    """How to start OmegaT 3.6 headless, and where its jar is."""

    command: tuple[str, ...]
    jar: Path
    version: str


@dataclass
class ProjectFigures:
    """What one OmegaT project run gave."""

    ran: bool = False
    why: str = ""
    seconds: float = 0.0
    total: int = 0
    remaining: int = 0
    unique: int = 0
    unique_remaining: int = 0
    target_files: int = 0
    exported: list[str] = field(default_factory=list)
    unfilled: list[str] = field(default_factory=list)  # OmegaT's source segments left untranslated (unique)
    read_as: dict[str, int] = field(default_factory=dict)  # its source segments: our English, our Spanish


@dataclass(frozen=True)
class Completed:
    """A finished command: exit status and output."""

    returncode: int
    stdout: str
    stderr: str

    def tail(self, lines: int = 3) -> str:
        text = (self.stderr or self.stdout).strip().splitlines()
        return " | ".join(text[-lines:]) if text else "(no output)"


def run(command: list[str], timeout: int, cwd: Path = ROOT, env: dict[str, str] | None = None) -> Completed:
    """Run a command; a missing program or a timeout is a StepError, never a traceback."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=timeout, env=env)
    except FileNotFoundError as exc:
        raise StepError(f"{command[0]}: not found") from exc
    except subprocess.TimeoutExpired as exc:
        raise StepError(f"{' '.join(command[:4])} ...: no answer in {timeout} s") from exc
    return Completed(done.returncode, done.stdout, done.stderr)


# --- OmegaT: install and start -------------------------------------------------------------


def launcher_jar() -> Path | None:
    """The jar that the `omegat` launcher on PATH starts (Debian's script names it)."""
    launcher = shutil.which("omegat")
    if launcher is None:
        return None
    try:
        script = Path(launcher).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = re.search(r"-jar\s+(\S+\.jar)", script)
    return Path(found.group(1)) if found else None


def find_jar() -> Path | None:
    for jar in (launcher_jar(), DEBIAN_JAR):
        if jar is not None and jar.is_file():
            return jar
    return None


def install_omegat() -> str:
    """apt-get install omegat (apt-get update first when the package is unknown); what happened."""
    if shutil.which("apt-get") is None:
        return "no apt-get on this machine"
    if os.geteuid() != 0:
        return "apt-get install omegat needs root"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print("installing OmegaT: apt-get install -y omegat (the first time takes a few minutes)", flush=True)
    done = run(["apt-get", "install", "-y", "-q", "omegat"], timeout=1800, env=env)
    if done.returncode != 0:
        run(["apt-get", "update", "-q"], timeout=600, env=env)
        done = run(["apt-get", "install", "-y", "-q", "omegat"], timeout=1800, env=env)
    return "installed" if done.returncode == 0 else f"apt-get install omegat failed: {done.tail()}"


def omegat_version(command: tuple[str, ...]) -> str:
    """OmegaT's own version line ("OmegaT-3.6.0_10_unknown"), from --help."""
    done = run([*command, "--help"], timeout=120)
    for line in done.stdout.splitlines():
        if line.startswith("OmegaT-"):
            return line.strip()
    raise StepError(f"OmegaT --help printed no version (exit {done.returncode}): {done.tail()}")


def locate_omegat() -> OmegaT:
    """OmegaT ready to run, installed first when it can be; StepError says why not."""
    jar = find_jar()
    if jar is None:
        what = install_omegat()
        jar = find_jar()
        if jar is None:
            raise StepError(what if what != "installed" else f"installed, but no OmegaT.jar found ({DEBIAN_JAR})")
    java = shutil.which("java")
    if java is None:
        raise StepError("no java on PATH (Debian's omegat package depends on one)")
    # Headless, and English messages: project_stats.txt's row names are OmegaT's UI strings.
    command = (java, "-Djava.awt.headless=true", "-Duser.language=en", "-Duser.country=US", "-jar", str(jar))
    return OmegaT(command, jar, omegat_version(command))


# --- OmegaT projects ---------------------------------------------------------------------------


def project_file() -> str:
    """omegat.project in OmegaT 3.6's format (project version 1.0), every folder the default one."""
    project = ET.Element("project", version="1.0")
    settings = [
        ("source_dir", "__DEFAULT__"),
        ("target_dir", "__DEFAULT__"),
        ("tm_dir", "__DEFAULT__"),
        ("glossary_dir", "__DEFAULT__"),
        ("glossary_file", "__DEFAULT__"),
        ("dictionary_dir", "__DEFAULT__"),
        ("source_lang", SOURCE_LANG),
        ("target_lang", TARGET_LANG),
        ("source_tok", "org.omegat.tokenizer.LuceneEnglishTokenizer"),
        ("target_tok", "org.omegat.tokenizer.LuceneSpanishTokenizer"),
        ("sentence_seg", "true"),
        ("support_default_translations", "true"),
        ("remove_tags", "false"),
    ]
    for name, value in settings:
        ET.SubElement(project, name).text = value
    root = ET.Element("omegat")
    root.append(project)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def make_project(folder: Path, sources: list[Path], memories: list[Path], segmentation: str | None) -> None:
    """An OmegaT project: sources in source/, memories in tm/auto/, optional omegat/segmentation.conf."""
    for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (folder / sub).mkdir(parents=True, exist_ok=True)  # OmegaT refuses a project missing one
    for path in sources:
        shutil.copy2(path, folder / "source" / path.name)
    for path in memories:
        shutil.copy2(path, folder / "tm" / "auto" / path.name)
    if segmentation is not None:
        (folder / "omegat" / "segmentation.conf").write_text(segmentation, encoding="utf-8")
    (folder / "omegat.project").write_text(project_file(), encoding="utf-8")


def omegat_run(omegat: OmegaT, project: Path, config: Path, mode: list[str]) -> Completed:
    """One console-mode run of OmegaT on a project, its settings kept in config."""
    options = [f"--config-dir={config}", "--disable-project-locking", "--no-team"]
    done = run([*omegat.command, *mode, *options, str(project)], timeout=OMEGAT_TIMEOUT, cwd=project)
    errors = [line for line in (done.stdout + done.stderr).splitlines() if "CORE_SRX_EXC" in line]
    if errors:  # a segmentation.conf OmegaT could not read: it would silently use its defaults
        raise StepError(f"OmegaT did not read omegat/segmentation.conf: {errors[0].strip()}")
    if done.returncode != 0:
        raise StepError(f"OmegaT exited {done.returncode}: {done.tail()}")
    return done


def read_stats(project: Path) -> dict[str, int]:
    """Segment counts from omegat/project_stats.txt: Total, Remaining, Unique, Unique Remaining."""
    path = project / "omegat" / "project_stats.txt"
    if not path.is_file():
        raise StepError(f"OmegaT wrote no {path.relative_to(project)}")
    counts: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        found = re.match(r"(Total|Remaining|Unique|Unique Remaining):\s+(\d+)", line)
        if found and found.group(1) not in counts:
            counts[found.group(1)] = int(found.group(2))
    if "Total" not in counts or "Remaining" not in counts:
        raise StepError(f"{path.name}: no Total/Remaining rows")
    return counts


def seg_text(tuv: ET.Element) -> str:
    seg = tuv.find("seg")
    return "".join(seg.itertext()) if seg is not None else ""


def tmx_units(path: Path) -> list[dict[str, str]]:
    """Each tu of a TMX file as {lang: text}, with "@attr" keys for the tu's attributes."""
    units = []
    for tu in ET.parse(path).iter("tu"):
        unit = {f"@{name}": value for name, value in tu.attrib.items()}
        for tuv in tu.findall("tuv"):
            lang = tuv.get("{http://www.w3.org/XML/1998/namespace}lang") or tuv.get("lang") or "?"
            unit[lang.lower()] = seg_text(tuv)
        units.append(unit)
    return units


def omegat_sources(omegat: OmegaT, project: Path, config: Path) -> list[str]:
    """The source segments OmegaT reads from a project (unique, its segmentation), from a pseudo-translated TMX."""
    every = project / "all-segments.tmx"
    # `--help` says console-pseudotranslatetmx; OmegaT 3.6 only knows this name (else it starts the GUI).
    mode = ["--mode=console-createpseudotranslatetmx", f"--pseudotranslatetmx={every}", "--pseudotranslatetype=equal"]
    omegat_run(omegat, project, config, mode)
    return [unit.get(SOURCE_LANG, "") for unit in tmx_units(every)]


def read_as(sources: list[str], ours: list[dict[str, str]]) -> dict[str, int]:
    """How many of OmegaT's source segments are our English, our Spanish, or neither."""
    english = {unit.get(SOURCE_LANG) for unit in ours}
    spanish = {unit.get(TARGET_LANG) for unit in ours}
    counts = {"our English": 0, "our Spanish": 0, "neither": 0}
    for text in sources:
        counts["our English" if text in english else "our Spanish" if text in spanish else "neither"] += 1
    return counts


def exports(project: Path) -> list[Path]:
    """The TMX files OmegaT wrote for a project: project_save.tmx first, then its exports."""
    found = [project / "omegat" / "project_save.tmx"]
    found += [project / f"{project.name}{suffix}" for suffix in EXPORT_SUFFIXES]
    return [path for path in found if path.is_file()]


def measure_project(omegat: OmegaT, project: Path, config: Path, ours: list[dict[str, str]]) -> ProjectFigures:
    """Run console-translate on a made project and read what OmegaT did; ours: our TMX's units."""
    figures = ProjectFigures()
    started = time.perf_counter()
    omegat_run(omegat, project, config, ["--mode=console-translate"])
    figures.seconds = round(time.perf_counter() - started, 1)
    stats = read_stats(project)
    figures.ran = True
    figures.total, figures.remaining = stats["Total"], stats["Remaining"]
    figures.unique, figures.unique_remaining = stats.get("Unique", 0), stats.get("Unique Remaining", 0)
    figures.target_files = sum(1 for path in (project / "target").rglob("*") if path.is_file())
    written = exports(project)
    figures.exported = [str(path.relative_to(project)) for path in written]
    sources = omegat_sources(omegat, project, config)
    figures.read_as = read_as(sources, ours)
    omegat_tmx = [path for path in written if path.name.endswith("-omegat.tmx")]
    if omegat_tmx:
        filled = {unit.get(SOURCE_LANG) for unit in tmx_units(omegat_tmx[0])}
        figures.unfilled = [text for text in sources if text not in filled]
    return figures


def try_project(omegat: OmegaT, project: Path, config: Path, ours: list[dict[str, str]]) -> ProjectFigures:
    try:
        return measure_project(omegat, project, config, ours)
    except StepError as exc:
        print(f"  {project.name}: {exc}")
        return ProjectFigures(why=str(exc))


# --- Segmentation: OmegaT's defaults plus the dateline rules ---------------------------------


def local_name(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def child_text(element: ET.Element, name: str) -> str:
    for child in element:
        if local_name(child) == name:
            return child.text or ""
    return ""


def default_rule_sets(jar: Path) -> list[RuleSet]:
    """OmegaT's default segmentation, read from its jar's SRX file as OmegaT reads it."""
    try:
        with zipfile.ZipFile(jar) as archive:
            srx = ET.fromstring(archive.read(DEFAULT_RULES))
    except (OSError, KeyError, zipfile.BadZipFile, ET.ParseError) as exc:
        raise StepError(f"cannot read OmegaT's default rules ({jar}!/{DEFAULT_RULES}): {exc}") from exc
    patterns = {
        m.get("languagerulename"): m.get("languagepattern") for m in srx.iter() if local_name(m) == "languagemap"
    }
    sets = []
    for language in (e for e in srx.iter() if local_name(e) == "languagerule"):
        name = language.get("languagerulename", "")
        rules = tuple(
            Rule(r.get("break", "yes").lower() == "yes", child_text(r, "beforebreak"), child_text(r, "afterbreak"))
            for r in language
            if local_name(r) == "rule"
        )
        if name in patterns:
            sets.append(RuleSet(name, patterns[name] or ".*", rules))
    if not sets:
        raise StepError(f"{DEFAULT_RULES}: no language rules")
    return sets


def dateline_rule_set() -> RuleSet:
    """Ends a segment after an EFE dateline; keeps a dated dateline ("Jan. 25 (EFE)") in one piece."""
    return RuleSet(
        "EFE datelines",
        "EN.*",
        (Rule(False, DATELINE_MONTH, DATELINE_DAY), Rule(True, DATELINE_END, r"\s")),
    )


def bean(parent: ET.Element, prop: str, kind: str, value: str) -> None:
    """<void property="prop"><kind>value</kind></void>: a setter call for java.beans.XMLDecoder."""
    setter = ET.SubElement(parent, "void", property=prop)
    ET.SubElement(setter, kind).text = value


def bean_list(parent: ET.Element, prop: str) -> ET.Element:
    """A list property set to a new ArrayList; returns the list to add objects to."""
    setter = ET.SubElement(parent, "void", property=prop)
    return ET.SubElement(setter, "object", {"class": "java.util.ArrayList"})


def bean_add(items: ET.Element, java_class: str) -> ET.Element:
    adder = ET.SubElement(items, "void", method="add")
    return ET.SubElement(adder, "object", {"class": java_class})


def segmentation_conf(rule_sets: list[RuleSet]) -> str:
    """omegat/segmentation.conf as OmegaT 3.6 reads it: an org.omegat.core.segmentation.SRX bean.

    OmegaT applies the rules of every set whose pattern matches the source language, in order,
    and the first rule that decides a position wins; the file's version is the current one, so
    OmegaT uses these sets as they are.
    """
    root = ET.Element("java", {"version": "1.8", "class": "java.beans.XMLDecoder"})
    srx = ET.SubElement(root, "object", {"class": "org.omegat.core.segmentation.SRX"})
    maps = bean_list(srx, "mappingRules")
    for rule_set in rule_sets:
        map_rule = bean_add(maps, "org.omegat.core.segmentation.MapRule")
        bean(map_rule, "language", "string", rule_set.name)
        bean(map_rule, "pattern", "string", rule_set.pattern)
        rules = bean_list(map_rule, "rules")
        for rule in rule_set.rules:
            item = bean_add(rules, "org.omegat.core.segmentation.Rule")
            bean(item, "afterbreak", "string", rule.after)
            bean(item, "beforebreak", "string", rule.before)
            bean(item, "breakRule", "boolean", "true" if rule.brk else "false")
    bean(srx, "version", "string", SRX_VERSION)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# --- efe-pipeline -------------------------------------------------------------------------------


def efe(arguments: list[str], timeout: int = TRANSLATE_TIMEOUT) -> Completed:
    """efe-pipeline from this checkout (python -m pipeline, run in the repository root)."""
    return run([sys.executable, "-m", "pipeline", *arguments], timeout=timeout)


def translate(corpus: list[Path], out: Path, engine: str, more: list[str]) -> Path:
    """Translate the corpus into out; StepError with the pipeline's message when it fails."""
    done = efe(["translate", *map(str, corpus), "-o", str(out), "--engine", engine, "-q", *more])
    if done.returncode != 0:
        raise StepError(f"efe-pipeline translate exited {done.returncode}: {done.tail()}")
    return out


def has_xliff_option() -> bool:
    done = efe(["translate", "--help"], timeout=120)
    return done.returncode == 0 and "--xliff" in done.stdout


def memory_origins(run_folder: Path) -> tuple[int, int]:
    """Segments whose origin is "memory", and all segments, in a run's segments.jsonl."""
    memory = total = 0
    with (run_folder / "segments.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                total += 1
                memory += json.loads(line).get("origin") == "memory"
    return memory, total


# --- The steps ----------------------------------------------------------------------------------


def tmx_step(omegat: OmegaT, work: Path, corpus: list[Path], run_folder: Path) -> dict[str, ProjectFigures]:
    """The corpus in OmegaT with our TMX in tm/auto/: default segmentation, then with the dateline rule."""
    memory = [run_folder / "corpus.tmx"]
    config = work / "omegat-config"
    ours = tmx_units(memory[0])
    make_project(work / "tmx-default", corpus, memory, None)
    results = {"default": try_project(omegat, work / "tmx-default", config, ours)}
    try:
        conf = segmentation_conf([dateline_rule_set(), *default_rule_sets(omegat.jar)])
    except StepError as exc:
        print(f"  dateline rule: {exc}")
        return {**results, "dateline": ProjectFigures(why=str(exc))}
    make_project(work / "tmx-dateline", corpus, memory, conf)
    results["dateline"] = try_project(omegat, work / "tmx-dateline", config, ours)
    return results


def xliff_step(omegat: OmegaT, work: Path, corpus: list[Path], engine: str, run_folder: Path) -> dict:
    """Segments OmegaT reads from our XLIFF 2.0 files and (when this build writes them) XLIFF 1.2 files."""
    config = work / "omegat-config"
    memory = [run_folder / "corpus.tmx"]
    ours = tmx_units(memory[0])
    v20 = sorted(p for p in run_folder.glob("*.xlf") if not p.name.endswith(".v12.xlf"))
    make_project(work / "xliff20", v20, memory, None)
    results: dict = {"xliff20_files": len(v20), "xliff20": asdict(try_project(omegat, work / "xliff20", config, ours))}
    if not has_xliff_option():
        print("XLIFF 1.2: not in this build (translate --help lists no --xliff)")
        results["xliff12"] = None
        return results
    try:
        both = translate(corpus, work / "run-xliff", engine, ["--xliff", "both"])
    except StepError as exc:
        print(f"  XLIFF 1.2: {exc}")
        results["xliff12"] = asdict(ProjectFigures(why=str(exc)))
        return results
    v12 = sorted(both.glob("*.v12.xlf"))
    results["xliff12_files"] = len(v12)
    if not v12:
        print("  XLIFF 1.2: translate --xliff both wrote no *.v12.xlf")
    make_project(work / "xliff12", v12, memory, None)
    ours12 = tmx_units(both / "corpus.tmx")
    results["xliff12"] = asdict(try_project(omegat, work / "xliff12", config, ours12))
    return results


def import_one(path: Path, memory: Path, work: Path, against: Path | None = None) -> dict:
    """`tm import` of one file into its own memory (with `against`: `--against` that run):
    exit status and its last lines (work paths shortened)."""
    done = efe(["tm", "import", str(path), "--tm", str(memory), *(["--against", str(against)] if against else [])])
    lines = (done.stdout + done.stderr).replace(f"{work}{os.sep}", "").strip().splitlines()
    return {"file": str(path), "exit": done.returncode, "said": lines[-3:], "memory": str(memory)}


def comeback_step(work: Path, corpus: list[Path], engine: str, project: Path, run_folder: Path) -> dict:
    """OmegaT's TMX files through `tm import` (alone, and `--against` the run whose TMX OmegaT
    used, which tells our own matches it inserted from what a translator typed), then a
    translate with the memory that imported alone."""
    written = exports(project) if project.is_dir() else []
    if not written:
        print(f"  coming back: OmegaT wrote no TMX in {project.name}")
        return {"imports": [], "why": "no TMX from OmegaT"}
    imports = [import_one(path, work / f"mem-{path.stem}.sqlite", work) for path in written]
    against = [import_one(p, work / f"against-{p.stem}.sqlite", work, run_folder) for p in written]
    result: dict = {"imports": imports, "imports_against": against}
    good = [entry for entry in imports if entry["exit"] == 0]
    if not good:
        result["why"] = "no import worked"
        return result
    memory = Path(good[0]["memory"])
    try:
        again = translate(corpus, work / "run2", engine, ["--tm", str(memory)])
    except StepError as exc:
        print(f"  translate --tm: {exc}")
        result["why"] = str(exc)
        return result
    hits, total = memory_origins(again)
    result.update({"memory_used": Path(good[0]["file"]).name, "memory_segments": hits, "segments": total})
    return result


def tu_shape(project: Path) -> dict:
    """The attributes and props the tus of OmegaT's TMX exports carry."""
    attributes: set[str] = set()
    props: set[str] = set()
    for path in exports(project):
        root = ET.parse(path).getroot()
        for tu in root.iter("tu"):
            attributes.update(tu.attrib)
            props.update(p.get("type", "?") for p in tu.iter("prop"))
    return {"tu_attributes": sorted(attributes), "tu_props": sorted(props)}


# --- Report -------------------------------------------------------------------------------------


def count_cell(figures: dict | None, what: str = "filled") -> str:
    if figures is None:
        return "not in this build"
    if not figures.get("ran"):
        return f"did not run: {figures.get('why', '')}"
    if what == "read":
        filled = figures["total"] - figures["remaining"]
        read = ", ".join(f"{n} {what}" for what, n in figures["read_as"].items() if n)
        return (
            f"{figures['total']} segments ({filled} filled from our TMX; unique: {read or 'none'}), "
            f"{figures['target_files']} target files"
        )
    filled = figures["total"] - figures["remaining"]
    unique = figures["unique"] - figures["unique_remaining"]
    return f"{filled} of {figures['total']} (unique {unique} of {figures['unique']})"


def import_cell(entry: dict) -> str:
    said = " | ".join(entry["said"]) or "(nothing)"
    return f"exit {entry['exit']}: {said}"


def report(figures: dict) -> None:
    """The table of figures, then the segments OmegaT left unfilled."""
    rows = [("OmegaT", figures["omegat"]), ("engine", figures["engine"])]
    rows.append(("TMX exact matches, default segmentation", count_cell(figures["tmx"]["default"])))
    rows.append(("TMX exact matches, dateline rule", count_cell(figures["tmx"]["dateline"])))
    rows.append(("XLIFF 2.0 (.xlf) read", count_cell(figures["xliff"]["xliff20"], "read")))
    rows.append(("XLIFF 1.2 (.v12.xlf) read", count_cell(figures["xliff"]["xliff12"], "read")))
    comeback = figures["comeback"]
    for entry in comeback.get("imports", []):
        rows.append((f"tm import {Path(entry['file']).name}", import_cell(entry)))
    for entry in comeback.get("imports_against", []):
        rows.append((f"tm import {Path(entry['file']).name} --against run", import_cell(entry)))
    if "memory_segments" in comeback:
        rows.append(("translate --tm: origin memory", f"{comeback['memory_segments']} of {comeback['segments']}"))
    else:
        rows.append(("translate --tm: origin memory", f"not run: {comeback.get('why', '')}"))
    shape = figures.get("omegat_tu", {})
    rows.append(("OmegaT's exported tu", f"attributes {shape.get('tu_attributes')}, props {shape.get('tu_props')}"))
    width = max(len(name) for name, _ in rows)
    print()
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    for label in ("default", "dateline"):
        unfilled = figures["tmx"][label].get("unfilled") or []
        if unfilled:
            print(f"\nleft unfilled ({label} segmentation, unique):")
            for text in unfilled:
                print(f"  - {text[:100]}")


def suite_step(suite: Path) -> dict:
    """Every .xlf of an XLIFF test suite (the OASIS XLIFF 2.1/2.2 suites keep valid and invalid
    files in folders so named) through our reader: valid files imported, not read for a named
    reason (an unsupported module, other languages than English into Spanish) or, wrongly,
    refused by a rule; invalid files refused or, wrongly, accepted."""
    counts = {"valid imported": 0, "valid not read": 0, "valid refused": 0, "invalid refused": 0, "invalid accepted": 0}
    reasons: dict[str, int] = {}
    wrong: list[str] = []
    for path in sorted(suite.rglob("*.xlf")):
        parts = {part.lower() for part in path.relative_to(suite).parts[:-1]}
        kind = "invalid" if "invalid" in parts else "valid" if "valid" in parts else None
        if kind is None:
            continue
        try:
            read_file(path)
        except (IngestError, UsageError) as err:
            reason = str(err).split(": ", 1)[-1]
            outcome = "not read" if kind == "valid" and reason.startswith(NOT_READ) else "refused"
            counts[f"{kind} {outcome}"] += 1
            short = re.sub(r"'[^']*'", "'…'", reason)[:90]
            reasons[short] = reasons.get(short, 0) + 1
            if kind == "valid" and outcome == "refused":
                wrong.append(f"{path.relative_to(suite)}: {reason}")
            continue
        counts["valid imported" if kind == "valid" else "invalid accepted"] += 1
        if kind == "invalid":
            wrong.append(f"{path.relative_to(suite)}: accepted")
    return {"counts": counts, "reasons": reasons, "wrong": wrong}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", default="apertium", choices=["apertium", "pseudo", "auto", "marian", "ctranslate2"])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="folder of .txt articles")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR (new or empty) and keep it")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON")
    parser.add_argument(
        "--xliff-suite",
        type=Path,
        metavar="DIR",
        help="instead, read every .xlf under DIR's valid/ and invalid/ folders (e.g. a checkout of the OASIS "
        "XLIFF 2.1 or 2.2 test suite) and count what is imported and refused",
    )
    args = parser.parse_args()
    if args.xliff_suite is not None:
        suite = suite_step(args.xliff_suite)
        print(f"XLIFF test suite {args.xliff_suite}: " + ", ".join(f"{v} {k}" for k, v in suite["counts"].items()))
        for reason, count in sorted(suite["reasons"].items(), key=lambda item: -item[1]):
            print(f"  {count:4d}  {reason}")
        for line in suite["wrong"]:
            print(f"  wrong: {line}")
        if args.json:
            args.json.write_text(json.dumps(suite, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return 1 if suite["wrong"] else 0

    corpus = sorted(args.corpus.glob("*.txt"))
    if not corpus:
        print(f"no .txt articles in {args.corpus}")
        return 2
    if args.keep is not None and args.keep.exists() and any(args.keep.iterdir()):
        print(f"--keep {args.keep}: not empty; give a new or empty folder")
        return 2
    try:
        omegat = locate_omegat()
    except StepError as exc:
        print(f"skipped: OmegaT not available ({exc})")
        return 0
    print(f"{omegat.version}: {' '.join(omegat.command)} --mode=console-translate ...", flush=True)

    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="efe-interop-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        figures = measure(omegat, work, corpus, args.engine)
    except StepError as exc:
        print(f"failed: {exc}")
        return 1
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work folder kept: {work}")
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def measure(omegat: OmegaT, work: Path, corpus: list[Path], engine: str) -> dict:
    """Every step; a StepError here (the first translation failed) stops the benchmark."""
    print(f"translating {len(corpus)} articles (--engine {engine})", flush=True)
    run_folder = translate(corpus, work / "run", engine, [])
    print("OmegaT: corpus + our TMX (default segmentation, then the dateline rule)", flush=True)
    tmx = tmx_step(omegat, work, corpus, run_folder)
    print("OmegaT: our XLIFF files", flush=True)
    xliff = xliff_step(omegat, work, corpus, engine, run_folder)
    print("coming back: OmegaT's TMX through tm import", flush=True)
    source = work / ("tmx-dateline" if tmx["dateline"].ran else "tmx-default")
    comeback = comeback_step(work, corpus, engine, source, run_folder)
    return {
        "omegat": omegat.version,
        "engine": engine,
        "articles": len(corpus),
        "tmx": {label: asdict(result) for label, result in tmx.items()},
        "xliff": xliff,
        "comeback": comeback,
        "omegat_tu": tu_shape(source) if source.is_dir() else {},
    }


if __name__ == "__main__":
    sys.exit(main())
