"""Review-page benchmark: how long the index and an article page take to open in headless
Chromium, for a run of 10 articles and one of 10,000 (pseudo engine, news test sentences).

Each page is opened through WebDriver in a fresh tab and timed from navigation start to the
load event (the browser's own Navigation Timing), best of 5. The ratio 10,000 / 10 says
whether opening a page grows with the run; the goal is under a second for each page.

    python bench/review.py [--shared ../shared] [--documents 10000]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

sys.path.insert(0, str(Path(__file__).resolve().parent))
from memory import write_corpus  # noqa: E402  (the memory benchmark's corpus of news sentences)


def open_seconds(browser: webdriver.Chrome, url: str, times: int = 5) -> float:
    best = float("inf")
    for _ in range(times):
        browser.get(url)
        timing = browser.execute_script(
            "const t=performance.getEntriesByType('navigation')[0];return t.loadEventEnd-t.startTime"
        )
        best = min(best, timing / 1000)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--documents", type=int, default=10_000)
    args = parser.parse_args()
    cli = str(Path(sys.executable).with_name("efe-pipeline"))
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    with tempfile.TemporaryDirectory() as tmp:
        options.add_argument(f"--user-data-dir={tmp}/profile")
        browser = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
        try:
            print("| articles | index.html bytes | index s | article page s |")
            print("|---|---|---|---|")
            seconds = {}
            for documents in (10, args.documents):
                corpus = Path(tmp) / f"corpus-{documents}.jsonl"
                write_corpus(corpus, documents, args.shared)
                out = Path(tmp) / f"out-{documents}"
                subprocess.run([cli, "translate", str(corpus), "-o", str(out), "--engine", "pseudo", "-q"], check=True)
                index = out / "review.html"
                article = out / "doc-000005.review.html"
                seconds[documents] = (open_seconds(browser, index.as_uri()), open_seconds(browser, article.as_uri()))
                print(
                    f"| {documents:,} | {index.stat().st_size:,} | {seconds[documents][0]:.3f} "
                    f"| {seconds[documents][1]:.3f} |",
                    flush=True,
                )
            small, large = seconds[10], seconds[args.documents]
            print(
                f"\nratio {args.documents:,} / 10: index {large[0] / small[0]:.1f}×, article {large[1] / small[1]:.1f}×"
            )
        finally:
            browser.quit()


if __name__ == "__main__":
    main()
