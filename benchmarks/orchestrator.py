"""Runs the whole benchmark: sandbox, floor, each library in turn, then the report.

One sandbox process serves one generated world for the whole run. Against it, in
order and one at a time (so each has a core of its own next to the sandbox's):
the decode floor's recorder, then every library. Each goes through the guild
storm (connect to ready), a warm-up firehose (unmeasured: fills the 1000-message
cache and estimates the rate), then the measured firehose. Every wait is bounded;
a client that fails or hangs is killed and reported as failed, and the run goes on.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from .chart import write_chart
from .cluster import measure_cluster
from .commands_report import commands_markdown, commands_text
from .commands_workload import commands_workload
from .config import INTENTS, BenchConfig, parse_args
from .latency import latency_rounds
from .latency_report import latency_markdown, latency_text
from .machine import describe_machine
from .overhead import inprocess_overhead, metrics_overhead
from .profiling import ENV as PROFILE_ENV
from .profiling import top_costs
from .report import markdown_table, text_table
from .rest_report import rest_markdown, rest_text
from .rest_workload import allowed_s, rest_budget_s, rest_workload
from .runners import RUNNER_MODULES
from .walk_pairs import PAIRED, walk_pair_lines, walk_pairs
from .wire import DEADLINE_ENV, Child, ChildError

__all__ = ["main", "run"]

# Generating and encoding a 500 x 500 world takes a while on a small machine.
SERVER_START_TIMEOUT_S = 300.0
SHORT_TIMEOUT_S = 30.0
SCAN_TIMEOUT_S = 120.0


def _ms(round_: dict[str, Any]) -> str:
    p99 = round_.get("p99_ms")
    return "-" if p99 is None else f"{p99:.1f} ms"


def _say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


class Run:
    """One benchmark run: owns the sandbox child and the results being gathered."""

    def __init__(self, config: BenchConfig) -> None:
        self.config = config
        self.run_id = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        self.logs = config.results_dir / f"logs-{self.run_id}"
        self.profiles = self.logs / "profiles"
        self.server = Child(
            "sandbox",
            [sys.executable, "-m", "benchmarks.server", "--guilds", str(config.guilds),
             "--members", str(config.members_per_guild), "--channels", str(config.channels),
             "--roles", str(config.roles), "--seed", str(config.seed),
             "--rest-limits", *map(str, (*config.rest_global, *config.rest_route))],
            self.logs / "sandbox.log",
            env={DEADLINE_ENV: str(int(self.deadline_s()))},
            nice=config.nice,
        )
        self.env: dict[str, str] = {}
        self.rounds = 0  # firehose rounds asked of the sandbox, to pair its answers

    async def start_sandbox(self) -> dict[str, Any]:
        """Start the sandbox process; returns its ``up`` report (token removed)."""
        await self.server.start()
        if self.config.nice:
            got = self.server.priority
            _say(f"scheduler priority: nice {got}" if got is not None else
                 "scheduler priority: not permitted, processes run at their default")
        up = await self.server.expect("up", SERVER_START_TIMEOUT_S)
        self.env = {
            "BENCH_API_URL": up["api_url"],
            "BENCH_GATEWAY_URL": up["gateway_url"],
            "BENCH_TOKEN": up.pop("token"),
            "BENCH_INTENTS": str(INTENTS),
            "BENCH_GUILDS": str(self.config.guilds),
            DEADLINE_ENV: str(int(self.deadline_s())),
        }
        return up

    def deadline_s(self) -> float:
        """An upper bound on the whole run: each child's own alarm, in case we die."""
        cfg = self.config
        per_client = cfg.ready_timeout_s + 2 * cfg.firehose_timeout_s(cfg.firehose) + 60
        overhead = 4 * cfg.overhead_rounds * cfg.firehose_timeout_s(cfg.overhead_count)
        allowed = allowed_s(cfg.rest_messages, cfg.rest_channels, cfg.rest_route, cfg.rest_global)
        budget = rest_budget_s(cfg.rest_budget_factor, allowed, cfg.rest_least_budget_s)
        rest = len(cfg.libraries) * (budget + 120) if cfg.rest_messages else 0
        return (SERVER_START_TIMEOUT_S + (len(cfg.libraries) + 2) * per_client + overhead
                + rest)

    async def _sandbox_cpu(self) -> float:
        self.server.send("cpu")
        return float((await self.server.expect("cpu", SHORT_TIMEOUT_S))["cpu_s"])

    async def firehose(self, child: Child, phase: str, n: int, **extra: Any) -> dict[str, Any]:
        """Arm the client's counter, have the sandbox send ``n`` messages, collect both."""
        child.send("count", n=n, phase=phase, **extra)
        await child.expect("armed", SHORT_TIMEOUT_S)
        self.rounds += 1
        self.server.send("firehose", n=n, round=self.rounds)
        timeout = self.config.firehose_timeout_s(n)
        counted = await child.expect("counted", timeout)
        counted["sandbox"] = await self.server.expect("firehose", timeout, round=self.rounds)
        return counted

    async def measured_rounds(self, child: Child, name: str, n: int) -> dict[str, Any]:
        """The measured firehose: ``n`` messages in ``firehose_rounds`` rounds; the round
        with the least CPU per event, with every round's figure under ``rounds_us``.

        Best of a few for every client, as for the floor: its replays of each round
        are timed once here (``replays=1``), so that each side is the best of the same
        number of draws. One run against a best of three favoured the floor.
        """
        count = self.config.firehose_rounds
        extra = {"replays": 1} if name == "floor" else {}
        each = -(-n // count)  # rounded up: together at least the n messages asked for
        rounds = [await self.firehose(child, "measure", each, **extra) for _ in range(count)]
        best = dict(min(rounds, key=lambda r: r.get("cpu_us_per_event") or float("inf")))
        best["rounds_us"] = [r.get("cpu_us_per_event") for r in rounds]
        return best

    def _measured_count(self, warm_rate: float) -> int:
        """The firehose count: the configured one, unless the budget says fewer."""
        cfg = self.config
        affordable = int(warm_rate * cfg.firehose_budget_s) if warm_rate > 0 else cfg.firehose
        return max(min(cfg.firehose, affordable), min(cfg.min_firehose, cfg.firehose))

    async def measure(self, name: str, module: str) -> dict[str, Any]:
        """One client process through storm, warm-up and measured firehose."""
        entry: dict[str, Any] = {"error": None}
        env = dict(self.env)
        if name in self.config.profile:
            env[PROFILE_ENV] = str(self.profiles)
        child = Child(name, [sys.executable, "-m", module], self.logs / f"{module}.log",
                      env=env, nice=self.config.nice)
        started = time.perf_counter()
        # Other work on the machine slows wall-clock rates (not CPU per event): noted.
        entry["loadavg_before"] = os.getloadavg()
        try:
            sandbox_cpu0 = await self._sandbox_cpu()
            await child.start()
            entry["nice"] = child.priority
            entry["ready"] = await child.expect("ready", self.config.ready_timeout_s)
            entry["sandbox_storm_cpu_s"] = await self._sandbox_cpu() - sandbox_cpu0
            _say(f"{name}: ready, CPU {entry['ready']['cpu_to_ready_s']:.2f} s")
            entry["warmup"] = await self.firehose(child, "warmup", self.config.warmup)
            rate = entry["warmup"].get("events_per_s") or 0.0
            n = self._measured_count(rate)
            entry["measure"] = await self.measured_rounds(child, name, n)
            _say(f"{name}: {n:,} messages, best of {self.config.firehose_rounds} rounds "
                 f"at {entry['measure']['events_per_s']:,.0f}/s")
            if name != "floor":
                child.send("stats")
                entry["after_firehose"] = await child.expect("stats", SHORT_TIMEOUT_S)
                child.send("scan")
                entry["scan"] = await child.expect("scanned", SCAN_TIMEOUT_S)
                if self.config.latency_pings:
                    entry["latency"] = await latency_rounds(self, child)
                    _say(f"{name}: reply latency p99 {_ms(entry['latency']['idle'])} idle, "
                         f"{_ms(entry['latency']['load'])} under load")
        except ChildError as exc:
            if exc.child == self.server.name:
                raise  # no sandbox, no run: execute() reports it
            entry["error"] = str(exc)
            _say(f"{name}: FAILED: {exc}")
        finally:
            entry["loadavg_after"] = os.getloadavg()
            entry["exit_code"] = await child.stop()
            entry["elapsed_s"] = time.perf_counter() - started
            entry["log"] = str(child.log_path)
        return entry

    async def measure_cluster(self) -> dict[str, Any]:
        """The cluster row: 16 shards over 2 processes (and 1, with ``--full``)."""
        out: dict[str, Any] = {}
        counts = (2, 1) if self.config.cluster_one_process else (2,)
        for processes in counts:
            entry = await measure_cluster(self.config.cluster_messages,
                                          self.logs / f"cluster-{processes}.log", processes)
            out[str(processes)] = entry
            if entry.get("error"):
                _say(f"cluster ({processes} processes): FAILED: {entry['error']}")
            else:
                _say(f"cluster: 16 shards over {processes} processes: "
                     f"{entry['events_per_s']:,.0f} events/s")
        return out

    async def execute(self) -> dict[str, Any]:
        """Everything, in order; the sandbox is stopped whatever happens."""
        started = time.perf_counter()
        results: dict[str, Any] = {
            "run_id": self.run_id,
            "machine": describe_machine(),
            "config": self.config.describe(),
            "libraries": {},
        }
        try:
            _say(f"generating {self.config.guilds} x {self.config.members_per_guild} world")
            results["sandbox"] = await self.start_sandbox()
            _say(f"sandbox up in {results['sandbox']['generate_s']:.1f} s")
            results["floor"] = await self.measure("floor", "benchmarks.floor")
            for name in self.config.libraries:
                results["libraries"][name] = await self.measure(name, RUNNER_MODULES[name])
            if self.config.walk_pairs and set(PAIRED) <= set(self.config.libraries):
                _say(f"member walks: {self.config.walk_pairs} pairs, in turn")
                results["walk_pairs"] = await walk_pairs(self)
                for line in walk_pair_lines(results):
                    _say(line)
            if self.config.commands:
                results["commands"] = await commands_workload(self)
            if self.config.rest_messages:
                _say(f"REST: {self.config.rest_messages:,} messages per library")
                results["rest"] = await rest_workload(self)
            if self.config.cluster_messages:
                results["cluster"] = await self.measure_cluster()
            if "tidecord" in self.config.libraries and self.config.overhead_rounds:
                _say(f"metrics overhead: {self.config.overhead_rounds} paired rounds")
                results["metrics_overhead"] = await metrics_overhead(self)
                if self.config.overhead_inprocess:
                    results["metrics_overhead_inprocess"] = await inprocess_overhead(self)
        except ChildError as exc:
            results["error"] = f"sandbox failed: {exc}"
            _say(results["error"])
        finally:
            results["sandbox_exit_code"] = await self.server.stop()
            results["elapsed_s"] = time.perf_counter() - started
        if self.profiles.is_dir():
            results["profiles"] = sorted(str(p) for p in self.profiles.glob("*.prof"))
        return results


def save(results: dict[str, Any], config: BenchConfig) -> Path:
    """Write the JSON results (one file per run, plus ``latest.json``)."""
    config.results_dir.mkdir(parents=True, exist_ok=True)
    path = config.results_dir / f"bench-{results['run_id']}.json"
    text = json.dumps(results, indent=2, default=str)
    path.write_text(text, encoding="utf-8")
    (config.results_dir / "latest.json").write_text(text, encoding="utf-8")
    return path


def run(config: BenchConfig) -> dict[str, Any]:
    """Run the benchmark, save the results and the chart, print the table."""
    results = asyncio.run(Run(config).execute())
    path = save(results, config)
    write_chart(results, config.chart_path)
    if config.markdown_path is not None:
        config.markdown_path.write_text(
            "\n\n".join((markdown_table(results), commands_markdown(results),
                         latency_markdown(results), rest_markdown(results))) + "\n",
            encoding="utf-8")
    for prof in results.get("profiles", []):
        print(f"\n== cProfile {Path(prof).name} (top by own time) ==")
        print(top_costs(Path(prof), 25))
    print()
    print(text_table(results))
    print()
    for section in (commands_text(results), latency_text(results), rest_text(results)):
        if section:
            print(section)
            print()
    if results.get("error"):
        print(f"ERROR: {results['error']}")
    print(f"results: {path}\nchart:   {config.chart_path}\n"
          f"total:   {results['elapsed_s']:.0f} s")
    return results


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks``: 0 when every client completed, 1 otherwise."""
    results = run(parse_args(argv))
    failed = [name for name, entry in results["libraries"].items() if entry.get("error")]
    failed += [f"cluster-{n}" for n, entry in (results.get("cluster") or {}).items()
               if entry.get("error")]
    failed += [f"{name} commands" for name, entry in (results.get("commands") or {}).items()
               if entry.get("error")]
    failed += [f"{name} rest" for name, entry
               in ((results.get("rest") or {}).get("libraries") or {}).items()
               if entry.get("error")]
    if results.get("error") or (results.get("floor") or {}).get("error"):
        failed.append("floor")
    return 1 if failed else 0
