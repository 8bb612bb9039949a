"""Review desk under load: simulated editors saving into one run at once, on localhost.

A 2,000-article run (pseudo engine, news test sentences) is served by `efe-pipeline review`
in its own process. First one editor alone makes --baseline saves (the baseline latency);
then --editors editors, each in its own thread, make --saves saves in all over --articles
articles. Each save is an edit on the revision the editor last saw, so editors on the same
segment meet: a save is either stored (200) or refused (409), never lost. After SIGTERM (the
desk publishes what waits), every 200's text must be in work.sqlite, no 409's text may be,
and each touched segment's published target must be the last stored edit (0 lost updates).

    python bench/review_load.py [--shared ../shared] [--documents 2000] [--editors 20]
                                [--saves 2000] [--articles 200]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from memory import write_corpus  # noqa: E402  (the memory benchmark's corpus of news sentences)

from pipeline.desk.access import Access  # noqa: E402
from pipeline.output.people import PeoplesWork  # noqa: E402


class Editor:
    """One simulated editor: a token, the page's CSRF token, the revisions last seen."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.auth = url, {"Authorization": f"Bearer {token}"}
        page = self.get("/").decode()
        self.csrf = re.search(r'name="csrf" content="([0-9a-f]+)"', page).group(1)
        self.revs: dict[str, dict[str, str]] = {}

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(urllib.request.Request(self.url + path, headers=self.auth), timeout=60) as r:
            return r.read()

    def load(self, doc: str) -> list[str]:
        segments = json.loads(self.get(f"/api/a/{doc}"))["segments"]
        self.revs[doc] = {s["id"]: s["rev"] for s in segments}
        return [s["id"] for s in segments if s["kind"] == "text"]

    def save(self, doc: str, seg: str, value: str) -> tuple[int, float]:
        body = json.dumps({"segment": seg, "action": "edit", "rev": self.revs[doc][seg], "value": value}).encode()
        headers = {**self.auth, "X-CSRF-Token": self.csrf, "Content-Type": "application/json"}
        request = urllib.request.Request(f"{self.url}/api/a/{doc}/save", body, headers, method="POST")
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                status, data = answer.status, json.loads(answer.read())
                self.revs[doc][seg] = data["segment"]["rev"]
        except urllib.error.HTTPError as err:
            status = err.code
            if status == 409:
                self.revs[doc][seg] = json.loads(err.read())["theirs"]["rev"]  # seen now: the next save is on it
        return status, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * p), len(ordered) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--saves", type=int, default=2000)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--baseline", type=int, default=100)
    args = parser.parse_args()
    if not (args.shared / "data").is_dir():
        sys.exit(f"reference data not found at {args.shared} (clone beside ../shared or pass --shared)")
    cli = str(Path(sys.executable).with_name("efe-pipeline"))
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus.jsonl", Path(tmp) / "out"
        write_corpus(corpus, args.documents, args.shared)
        subprocess.run([cli, "translate", str(corpus), "-o", str(out), "--engine", "pseudo", "-q"], check=True)
        access = Access(out)
        tokens = [access.add_editor(f"editor {n:02d}") for n in range(args.editors + 1)]
        access.close()
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        log = open(Path(tmp) / "desk.log", "w")  # noqa: SIM115  (open while the desk runs)
        desk = subprocess.Popen([cli, "review", str(out), "--port", str(port)], stdout=log, stderr=log)
        url = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        docs = [f"doc-{n:06d}" for n in range(args.documents)][: args.articles]
        outcomes: list[tuple[str, str, str, int]] = []  # (editor, segment, value, status)
        latencies: list[float] = []
        lock = threading.Lock()

        def work(number: int, saves: int, record: list[float]) -> None:
            editor = Editor(url, tokens[number])
            for n in range(saves):
                doc = rng.choice(docs)
                segments = editor.load(doc) if doc not in editor.revs or rng.random() < 0.3 else list(editor.revs[doc])
                seg = rng.choice(segments)
                value = f"edición {number}-{n}"
                status, seconds = editor.save(doc, seg, value)
                with lock:
                    outcomes.append((f"editor {number:02d}", seg, value, status))
                    record.append(seconds)

        alone: list[float] = []
        work(args.editors, args.baseline, alone)  # the baseline: one editor, nobody else saving
        started = time.perf_counter()
        threads = [
            threading.Thread(target=work, args=(n, args.saves // args.editors, latencies)) for n in range(args.editors)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        desk.send_signal(signal.SIGTERM)
        desk.wait(timeout=300)
        log.close()
        publishes = [float(x) for x in re.findall(r"published in ([0-9.]+) s", (Path(tmp) / "desk.log").read_text())]

        work_store = PeoplesWork(out)
        stored = [(w.editor, w.segment, w.value) for w in work_store.since(0) if w.kind == "edit"]
        work_store.close()
        stored_set = set(stored)
        ok = [(e, s, v) for e, s, v, status in outcomes if status == 200]
        refused = [(e, s, v) for e, s, v, status in outcomes if status == 409]
        other = [status for *_, status in outcomes if status not in (200, 409)]
        lost = [o for o in ok if o not in stored_set]
        phantom = [o for o in refused if o in stored_set]
        last = {}
        for _editor, seg, value in stored:
            last[seg] = value
        published = {}
        with (out / "segments.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                if record["id"] in last:
                    published[record["id"]] = record["target"]
        stale = [seg for seg, value in last.items() if published.get(seg) != value]

        print(
            f"run: {args.documents} articles; {args.editors} editors, {len(outcomes) - args.baseline} saves over "
            f"{len(docs)} articles in {wall:.1f} s"
        )
        print("| | saves | stored (200) | refused (409) | other | lost | p50 ms | p95 ms | p50 / baseline p50 |")
        print("|---|---|---|---|---|---|---|---|---|")
        base = statistics.median(alone)
        print(
            f"| 1 editor alone (baseline) | {len(alone)} | | | | | {base * 1000:.0f} | "
            f"{percentile(alone, 0.95) * 1000:.0f} | 1.00 |"
        )
        print(
            f"| {args.editors} editors at once | {len(latencies)} | {len(ok) - len(alone)} | {len(refused)} | "
            f"{len(other)} | {len(lost)} | {statistics.median(latencies) * 1000:.0f} | "
            f"{percentile(latencies, 0.95) * 1000:.0f} | {statistics.median(latencies) / base:.2f} |"
        )
        if publishes:
            print(
                f"publishes: {len(publishes)}, median {statistics.median(publishes):.2f} s, "
                f"max {max(publishes):.2f} s (each republishes the whole {args.documents}-article folder)"
            )
        print(
            f"lost updates: {len(lost)}; refused saves stored anyway: {len(phantom)}; "
            f"published targets not the last stored edit: {len(stale)}; other statuses: {sorted(set(other))}"
        )
        if lost or phantom or stale or other:
            print((Path(tmp) / "desk.log").read_text(), file=sys.stderr)
            sys.exit(1)


if __name__ == "__main__":
    main()
