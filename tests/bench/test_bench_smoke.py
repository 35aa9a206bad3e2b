"""`make bench` end to end on a tiny world: one table, all three libraries, a chart.

The harness starts its own sandbox process and one process per client, so this
test runs it exactly as a user would (``python -m benchmarks --small``), only
with the results, chart and Markdown redirected to a temporary folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIBRARIES = ("tidecord", "discord.py", "hikari")


# About 36 s on the two-core machine it was written on; the limits leave room for a
# CI machine twice as slow and busy, since the run checks the harness, not its speed.
@pytest.mark.timeout(180)
def test_small_run_prints_one_table_with_all_three_libraries(tmp_path: Path) -> None:
    chart = tmp_path / "chart.png"
    markdown = tmp_path / "table.md"
    proc = subprocess.run(
        # --nice 0: a test run leaves scheduler priorities alone.
        [sys.executable, "-m", "benchmarks", "--small", "--nice", "0",
         "--results-dir", str(tmp_path), "--chart", str(chart), "--markdown", str(markdown)],
        cwd=ROOT, capture_output=True, text=True, timeout=170, check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output

    results = json.loads((tmp_path / "latest.json").read_text())
    cfg = results["config"]
    world_members = cfg["guilds"] * cfg["members_per_guild"]
    for name in LIBRARIES:
        entry = results["libraries"][name]
        assert entry["error"] is None, (name, entry["error"], output)
        # Same workload for everyone: every guild and member cached from GUILD_CREATE.
        assert entry["ready"]["cache"]["guilds"] == cfg["guilds"], name
        assert entry["ready"]["cache"]["members"] == world_members, name
        assert entry["ready"]["cpu_to_ready_s"] > 0, name
        # ...and every one of them can be read back afterwards (lazy caches included).
        assert entry["scan"]["members"] == world_members, name
        measured = entry["measure"]
        # Measured in rounds; the best round's figures are the row's.
        rounds = measured["rounds_us"]
        assert len(rounds) == cfg["firehose_rounds"], name
        assert measured["count"] * len(rounds) >= cfg["min_firehose"], name
        assert measured["events_per_s"] > 0 and measured["cpu_us_per_event"] == min(rounds), name
        # The sandbox sent exactly what the client counted.
        assert measured["sandbox"]["sent"] == measured["count"], name
        # Reply latency: every ping answered, at idle and under load.
        for phase in ("idle", "load"):
            pinged = entry["latency"][phase]
            assert pinged["answered"] == pinged["pings"] == cfg["latency_pings"], (name, phase)
            assert 0 < pinged["p50_ms"] <= pinged["p99_ms"], (name, phase)
        assert entry["latency"]["load"]["load_sent"] > 0, name
        # The table row: the library's name followed by its numbers.
        row = next(line for line in proc.stdout.splitlines() if line.startswith(name + " "))
        assert f"{measured['count']:,}" in row, row

    floor = results["floor"]
    assert floor["error"] is None, floor["error"]
    assert floor["ready"]["storm_frames"] >= cfg["guilds"] + 2  # HELLO, READY, GUILD_CREATEs
    assert floor["measure"]["frames"] >= floor["measure"]["count"]
    assert floor["measure"]["cpu_us_per_event"] == min(floor["measure"]["rounds_us"])
    assert "decode floor" in proc.stdout
    assert "target: firehose events/s >= 3x discord.py" in proc.stdout
    assert "target: reply p99 under load <= 1/3 of discord.py's" in proc.stdout
    # The paired walks: tidecord and discord.py connected together, walking in turn.
    pairs = results["walk_pairs"]
    assert pairs["error"] is None, (pairs["error"], output)
    assert len(pairs["pairs"]) == len(pairs["ratios"]) == cfg["walk_pairs"]
    for pair in pairs["pairs"]:
        assert [len(pair[name]) for name in ("tidecord", "discord.py")] == [3, 3], pair
        assert min(pair["tidecord"]) > 0 and min(pair["discord.py"]) > 0, pair
    assert pairs["median_ratio"] > 0
    assert "paired walks (2 pairs of 3 walks a side, in turn)" in proc.stdout
    # The commands workload: tidecord and discord.py (hikari has no prefix commands).
    assert set(results["commands"]) == {"tidecord", "discord.py"}
    for name, entry in results["commands"].items():
        assert entry["error"] is None, (name, entry["error"], output)
        assert entry["measure"]["count"] == cfg["commands_firehose"], name
        assert entry["measure"]["sandbox"]["sent"] == cfg["commands_firehose"], name
        assert entry["non_command_extra_us"] is not None, name
    assert "target: commands workload messages/s >= 3x discord.py" in proc.stdout
    assert "hikari has no prefix-commands framework" in proc.stdout
    # The cluster row: 16 shards over 2 worker processes, every message counted.
    cluster = results["cluster"]["2"]
    assert cluster.get("error") is None, (cluster, output)
    assert sum(cluster["per_process"]) == cluster["messages"] > 0
    assert "cluster (tidecord), 16 shards over 2 processes:" in proc.stdout
    # The REST workload: every library sent through the sandbox's limits, each message
    # created once (hikari may be stopped at its time limit: then it says how far it got).
    rest = results["rest"]
    assert rest["allowed_s"] > 0 and rest["channels"] == cfg["rest_channels"]
    for name in LIBRARIES:
        entry = rest["libraries"][name]
        assert entry["error"] is None, (name, entry["error"], output)
        measured = entry["measure"]
        assert measured["distinct"] == measured["created"] > 0, name
        if not measured.get("unfinished_s"):
            assert measured["created"] + measured["failed"] == cfg["rest_messages"], name
            assert measured["wall_s"] > 0 and measured["cpu_s"] > 0, name
            # The server took the first message before the last, and the client saw
            # the last answer after the server made it.
            assert 0 < measured["span_s"] <= measured["wall_s"], name
    assert "REST throughput:" in proc.stdout
    assert "target: REST: wall time <= 1.05x the time the limits allow" in proc.stdout

    # tidecord's metrics, paired rounds in every mode, through the sandbox and in-process.
    for key, where in (("metrics_overhead", "through the sandbox"),
                       ("metrics_overhead_inprocess", "on the client's hot path")):
        overhead = results[key]
        assert overhead["error"] is None, (key, overhead["error"], output)
        assert len(overhead["rounds"]) == cfg["overhead_rounds"]
        assert all(set(r) == {"off", "off again", "on", "scraped"} for r in overhead["rounds"])
        assert f"metrics overhead {where}" in proc.stdout
    assert results["metrics_overhead"]["scrapes"] > 0  # the exporter answered meanwhile

    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "| tidecord" in markdown.read_text()

    # The scale curve's chart and table, drawn from this run's results file.
    scale_chart = tmp_path / "scale.png"
    drawn = subprocess.run(
        [sys.executable, "-m", "benchmarks.scale", "--from-results",
         str(tmp_path / "latest.json"), "--chart", str(scale_chart)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )
    assert drawn.returncode == 0, drawn.stdout + drawn.stderr
    assert scale_chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # One line per library (and the floor) at this run's size: members, then the name.
    lines = {tuple(line.split()[:2]) for line in drawn.stdout.splitlines()}
    for name in (*LIBRARIES, "decode floor"):
        assert (f"{world_members:,}", name.split()[0]) in lines, (name, drawn.stdout)


@pytest.mark.timeout(120)
def test_the_replay_runs_the_read_loop_and_the_floor_on_the_same_bytes() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.replay", "--messages", "2000", "--rounds", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=110, check=False,
    )
    output = proc.stdout + proc.stderr
    # The replay checks on_message saw every message of every round, or fails.
    assert proc.returncode == 0, output
    rounds = [line for line in proc.stdout.splitlines() if line.startswith("round ")]
    assert len(rounds) == 2, output
    assert "queued: tidecord median" in proc.stdout, output


@pytest.mark.timeout(120)
def test_the_replay_over_loopback_reads_through_both_sockets() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.replay", "--messages", "2000", "--rounds", "2",
         "--socket", "both"],
        cwd=ROOT, capture_output=True, text=True, timeout=110, check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    rounds = [line for line in proc.stdout.splitlines() if line.startswith("round ")]
    assert [r.split()[2] for r in rounds] == ["(picows):", "(aiohttp):"], output
    assert "aiohttp minus picows, pair by pair" in proc.stdout, output
