"""What `make setup` downloads for torch on a fresh machine: a clean virtual environment, no
pip configuration and no local wheels, asked (pip's dry run, nothing installed) for TORCH
from PyPI and from TORCH_INDEX (PyTorch's CPU wheels). Each file's size is read from its
server (HTTP HEAD), so the table says how many megabytes each choice costs.

    python bench/setup_downloads.py [--torch torch==2.13.0] [--index https://download.pytorch.org/whl/cpu]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path


def planned(python: str, requirement: str, index: str | None) -> list[tuple[str, str]] | str:
    """(name, url) of every file pip would download, or why it could not say."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        env = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_FIND_LINKS": "", "PIP_CONSTRAINT": ""}
        command = [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--dry-run",
            "--ignore-installed",
            "--report",
            str(report),
        ]
        command += ["--index-url", index] if index else []
        done = subprocess.run([*command, requirement], capture_output=True, text=True, env=env, timeout=600)
        if done.returncode != 0:
            return (done.stderr.strip().splitlines() or ["pip failed"])[-1]
        install = json.loads(report.read_text())["install"]
    return [(item["metadata"]["name"], item["download_info"]["url"]) for item in install]


def size(url: str) -> int:
    request = urllib.request.Request(url, method="HEAD")
    with urllib.request.urlopen(request, timeout=60) as answer:
        return int(answer.headers.get("Content-Length", 0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--torch", default="torch==2.13.0")
    parser.add_argument("--index", default="https://download.pytorch.org/whl/cpu")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "venv", f"{tmp}/venv"], check=True)
        python = f"{tmp}/venv/bin/python"
        print("| source | files | MB | largest |")
        print("|---|---|---|---|")
        for label, index in (("PyPI (TORCH_INDEX=)", None), (f"TORCH_INDEX={args.index}", args.index)):
            files = planned(python, args.torch, index)
            if isinstance(files, str):
                print(f"| {label} | not reachable from here: {files[:120]} | | |")
                continue
            try:
                sizes = sorted(((size(url), name) for name, url in files), reverse=True)
            except (OSError, urllib.error.URLError) as err:
                print(f"| {label} | {len(files)} | sizes not readable ({err}) | |")
                continue
            largest = ", ".join(f"{name} {bytes_ / 1e6:.0f}" for bytes_, name in sizes[:3])
            print(f"| {label} | {len(files)} | {sum(b for b, _ in sizes) / 1e6:,.0f} | {largest} |")


if __name__ == "__main__":
    main()
