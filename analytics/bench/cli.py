"""The `python -m analytics bench` subcommand: arguments and dispatch (the work is in runner.py)."""

from __future__ import annotations

import argparse
import re

SUFFIXES = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}


def row_count(text: str) -> int:
    """Parse a row count such as 20000, 20k, 1M, 10m or 100M."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMbB]?)\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"jumlah baris tidak dikenal: {text!r} (contoh: 20000, 1M, 10M)")
    number, suffix = match.groups()
    value = float(number) * SUFFIXES.get(suffix.lower(), 1)
    if value < 1 or value != int(value):
        raise argparse.ArgumentTypeError(f"jumlah baris harus bilangan bulat positif: {text!r}")
    return int(value)


def add_bench(commands: argparse._SubParsersAction) -> None:
    """Register `bench` on the main parser's subcommands."""
    bench = commands.add_parser(
        "bench",
        help="ukur kecepatan kueri dasbor pada data sintetis berskala nasional",
        description="Membuat (sekali, lalu dipakai ulang) basis data sintetis berskala nasional dengan N baris "
        "kegiatan, lalu mengukur setiap fungsi kueri yang dipakai halaman (p50/p95 dalam ms), pembandingnya dalam "
        "pandas, kecepatan impor, memori puncak dan waktu jalan setiap halaman.",
    )
    bench.add_argument("--rows", type=row_count, default=1_000_000, metavar="N",
                       help="jumlah baris kegiatan (boleh 20k, 1M, 10M, 100M; bawaan 1M)")
    bench.add_argument("--seed", type=int, default=2024, help="benih acak data sintetis (bawaan 2024)")
    bench.add_argument("--scale", choices=("national", "small"), default="national",
                       help="geografi: national (38 provinsi, ~83.000 kelurahan) atau small (untuk uji)")
    bench.add_argument("--json", metavar="FILE", help="tulis hasil sebagai JSON ke FILE")
    bench.add_argument("--runs", type=int, default=20, help="jumlah pengukuran hangat per kueri (bawaan 20)")
    bench.add_argument("--warmup", type=int, default=2, help="jalan pemanasan sebelum diukur (bawaan 2)")
    bench.add_argument("--pandas-runs", type=int, default=None,
                       help="jumlah pengukuran pembanding pandas (bawaan sama dengan --runs)")
    bench.add_argument("--budget", type=float, default=None, metavar="DETIK",
                       help="batas detik pengukuran per kueri; kueri lambat berhenti lebih awal (minimal 3 kali)")
    bench.add_argument("--pandas-budget", type=float, default=5.0, metavar="DETIK",
                       help="batas detik pengukuran per pembanding pandas (bawaan 5; minimal 3 kali)")
    bench.add_argument("--only", metavar="REGEX", help="hanya kueri yang namanya cocok, mis. 'overview|areas'")
    bench.add_argument("--skip-pages", action="store_true", help="lewati pengukuran halaman (AppTest)")
    bench.add_argument("--warm-pages-only", action="store_true",
                       help="ukur halaman tanpa jalan dingin (hemat waktu pada 10M baris ke atas)")
    bench.add_argument("--skip-pandas", action="store_true", help="lewati pembanding pandas")
    bench.add_argument("--skip-import", action="store_true", help="lewati pengukuran impor CSV")
    bench.add_argument("--dir", default=None, help="folder basis data benchmark (bawaan bench/ di akar proyek)")
    bench.add_argument("--keep", action="store_true",
                       help="simpan salinan basis data dan CSV sementara (impor) di --dir setelah selesai")
    bench.add_argument("--markdown", action="store_true",
                       help="perbarui tabel untuk N ini di BENCHMARKS.md")


def run_bench(args: argparse.Namespace) -> int:
    """Run the benchmark the arguments describe; returns the exit status."""
    from analytics.bench.runner import main

    return main(args)
