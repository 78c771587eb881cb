"""Runs every benchmark, each in its own process and database, and prints their ratios."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["bench_registry.py", "bench_import.py", "bench_board.py", "bench_similarity.py", "bench_pack.py", "bench_posts.py"]

if __name__ == "__main__":
    status = 0
    for name in BENCHES:
        print(f"== {name}", flush=True)
        status |= subprocess.call([sys.executable, str(HERE / name)])
    sys.exit(status)
