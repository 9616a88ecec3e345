"""Speed and memory of kling-posture on ../shared/corpus, against Checkov when it is installed.

Run from the project root:  python benchmarks/corpus_speed.py [--runs N] [--checkov PATH]

Both tools scan the same folder with every resource in scope (kling-posture ``--scope all``,
Checkov ``--framework terraform``); each is run N times as a subprocess and the best wall time
and the peak resident memory (of the process tree, from wait4) are printed, then the ratios.
Nothing is asserted: this measures, it does not gate.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def measure(command: list[str], runs: int) -> tuple[float, float]:
    """Best wall time (s) and largest peak RSS (MiB) over ``runs`` runs of ``command``."""
    best, peak = float("inf"), 0.0
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(process.pid, 0)
        best = min(best, time.perf_counter() - started)
        peak = max(peak, usage.ru_maxrss / 1024)
    return best, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--checkov",
                        default=shutil.which("checkov") or "/tmp/checkov-venv/bin/checkov")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    files = sum(1 for _ in args.corpus.rglob("*.tf"))
    size = sum(p.stat().st_size for p in args.corpus.rglob("*.tf")) / 1e6
    print(f"corpus: {args.corpus} ({files} .tf files, {size:.1f} MB), {os.cpu_count()} cores")
    ours = [sys.executable, "-m", "kling_posture", "scan", str(args.corpus), "--scope", "all",
            "--format", "json", "--output", os.devnull]
    ours_time, ours_mem = measure(ours, args.runs)
    print(f"kling-posture: {ours_time:7.1f} s  peak {ours_mem:7.0f} MiB  "
          f"({size / ours_time:.2f} MB/s)")
    if not Path(args.checkov).exists():
        print("checkov: not installed (pip install checkov in a separate venv; --checkov PATH)")
        return
    theirs = [args.checkov, "-d", str(args.corpus), "--framework", "terraform", "--quiet",
              "--compact", "-o", "json", "--skip-download"]
    their_time, their_mem = measure(theirs, args.runs)
    print(f"checkov:       {their_time:7.1f} s  peak {their_mem:7.0f} MiB  "
          f"({size / their_time:.2f} MB/s)")
    print(f"ratio (checkov / kling-posture): time x{their_time / ours_time:.2f}, "
          f"memory x{their_mem / ours_mem:.2f}")


if __name__ == "__main__":
    main()
