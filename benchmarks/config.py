"""What one benchmark run does: sizes, counts, time limits, where results go."""

from __future__ import annotations

import argparse
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

__all__ = ["INTENTS", "LIBRARIES", "BenchConfig", "parse_args"]

# GUILDS | GUILD_MEMBERS | GUILD_MESSAGES | MESSAGE_CONTENT: members cached from
# GUILD_CREATE, messages with their text, the same bits for every library.
INTENTS: Final = (1 << 0) | (1 << 1) | (1 << 9) | (1 << 15)

# The clients compared, in the order they run and appear in the table.
LIBRARIES: Final = ("tidecord", "discord.py", "hikari")

PACKAGE_DIR: Final = Path(__file__).resolve().parent


@dataclass(frozen=True)
class BenchConfig:
    """One run's workload and limits; ``small()`` is the smoke-test size."""

    guilds: int = 500
    members_per_guild: int = 500
    channels: int = 20
    roles: int = 20
    firehose: int = 60_000
    # Unmeasured messages first: fills each message cache to its bound (1000) and
    # gives the rate estimate that caps the measured count (see firehose_budget_s).
    warmup: int = 2_000
    # A library too slow to deliver `firehose` messages in this many seconds gets
    # fewer (rate x budget, at least `min_firehose`); the table says how many.
    firehose_budget_s: float = 45.0
    min_firehose: int = 10_000
    # The measured messages go in this many equal rounds, and the round with the least
    # CPU per event counts (the floor's too: best of as many draws on each side).
    firehose_rounds: int = 3
    ready_timeout_s: float = 240.0
    seed: int = 0
    # tidecord's metrics on the firehose: paired rounds of this many messages per mode
    # (see benchmarks/overhead.py); 0 rounds skips it.
    overhead_rounds: int = 4
    overhead_count: int = 20_000
    # The same rounds in-process as well, on the client's hot path alone (no socket):
    # a finer measure of the counters, in --full and --small runs.
    overhead_inprocess: bool = False
    libraries: tuple[str, ...] = LIBRARIES
    # Scheduler priority asked for the benchmark's processes (see wire.raise_priority);
    # 0 leaves them as they are.
    nice: int = -10
    # Libraries whose runner runs under cProfile (timings inflated, flagged).
    profile: tuple[str, ...] = ()
    results_dir: Path = PACKAGE_DIR / "results"
    chart_path: Path = PACKAGE_DIR / "chart.png"
    markdown_path: Path | None = None
    # True for --small: the results file says it is not the full workload.
    small_run: bool = False
    # The commands workload (prefix commands, tidecord and discord.py): messages of the
    # mixed firehose (half commands) and of each kind of plain round, per library, cut
    # into batches that the libraries take turns at.
    commands_firehose: int = 96_000
    commands_plain: int = 48_000
    commands_batches: int = 4
    commands: bool = True
    # The member walk, tidecord and discord.py connected side by side and walking in
    # turn this many times (benchmarks/walk_pairs.py); 0 skips it.
    walk_pairs: int = 5
    # The cluster row: MESSAGE_CREATE over 16 shards in 2 worker processes; 0 skips it.
    cluster_messages: int = 100_000
    # The same 16 shards in 1 process too, for comparison (--full).
    cluster_one_process: bool = False
    # Reply latency (benchmarks/latency.py): pings per round, one every interval, in a
    # round at idle and one with `latency_load` other MESSAGE_CREATE per second on the
    # same connection; 0 pings skips it. 25 answers/s stay well under Discord's global
    # 50 requests/s, which a library that keeps to it would otherwise queue behind.
    latency_pings: int = 100
    latency_interval_s: float = 0.04
    latency_load: int = 20_000
    # The REST workload (benchmarks/rest_workload.py): messages sent by each library,
    # spread over this many text channels, through the sandbox's limits below (requests
    # per seconds: the token's global limit, and the send route's per-channel bucket).
    # 0 messages skips it.
    rest_messages: int = 5_000
    rest_channels: int = 50
    rest_global: tuple[int, float] = (500, 1.0)
    rest_route: tuple[int, float] = (20, 1.0)
    # A library still sending after this many times the allowed time is stopped there
    # (and reported with what it sent by then).
    rest_budget_factor: float = 2.0
    rest_least_budget_s: float = 2.0

    @classmethod
    def full(cls, **overrides: Any) -> BenchConfig:
        """The thorough run (about 4.5 minutes): longer firehoses and latency rounds,
        twice the metrics rounds, the in-process ones and the one-process cluster row."""
        values: dict[str, Any] = {
            "firehose": 100_000, "overhead_rounds": 8, "latency_pings": 150,
            "overhead_inprocess": True, "cluster_one_process": True,
        }
        values.update(overrides)
        return cls(**values)

    @classmethod
    def small(cls, **overrides: Any) -> BenchConfig:
        """A tiny world and firehose that still goes through every step (seconds)."""
        values: dict[str, Any] = {
            "guilds": 4, "members_per_guild": 30, "channels": 3, "roles": 3,
            "firehose": 600, "warmup": 100, "min_firehose": 100,
            "commands_firehose": 400, "commands_plain": 400, "commands_batches": 2,
            "overhead_rounds": 2, "overhead_count": 300, "overhead_inprocess": True,
            "ready_timeout_s": 60.0, "small_run": True, "cluster_messages": 2_000,
            "latency_pings": 10, "latency_load": 2_000, "walk_pairs": 2,
            # 40 per channel in quarter-second windows: 0.25 s at the limit.
            "rest_messages": 200, "rest_channels": 5, "rest_route": (20, 0.25),
            "rest_least_budget_s": 1.0,
            # Never overwrite the full run's chart (the one BENCHMARKS.md shows).
            "chart_path": PACKAGE_DIR / "results" / "chart-small.png",
        }
        values.update(overrides)
        return cls(**values)

    def firehose_timeout_s(self, count: int) -> float:
        """Time allowed for ``count`` messages: the budget plus a generous floor."""
        return max(60.0, 3 * self.firehose_budget_s * count / max(self.firehose, 1))

    def describe(self) -> dict[str, Any]:
        """The workload as plain values, for the results file."""
        out = asdict(self)
        out["results_dir"] = str(self.results_dir)
        out["chart_path"] = str(self.chart_path)
        out["markdown_path"] = str(self.markdown_path) if self.markdown_path else None
        out["intents"] = INTENTS
        return out


def parse_args(argv: list[str] | None = None) -> BenchConfig:
    """The command line (and ``TIDECORD_BENCH_SMALL=1``) as a :class:`BenchConfig`."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="tidecord vs discord.py vs hikari: guild storm and firehose "
        "through one local sandbox, over a real WebSocket with zlib-stream.",
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--small", action="store_true",
                      help="tiny world and firehose (also TIDECORD_BENCH_SMALL=1)")
    size.add_argument("--full", action="store_true",
                      help="the thorough run: 100,000-message firehoses, 150 pings a latency "
                      "round, 8 metrics rounds, also in-process, and the cluster's "
                      "shards in 1 process as well (about 4.5 min)")
    parser.add_argument("--guilds", type=int)
    parser.add_argument("--members", type=int, help="members per guild")
    parser.add_argument("--channels", type=int)
    parser.add_argument("--roles", type=int)
    parser.add_argument("--firehose", type=int, help="MESSAGE_CREATE per library")
    parser.add_argument("--budget", type=float, help="seconds of firehose per library")
    parser.add_argument("--libs", help="comma-separated subset of: " + ",".join(LIBRARIES))
    parser.add_argument("--results-dir", type=Path, help="where the JSON results go")
    parser.add_argument("--chart", type=Path, help="where the PNG chart goes")
    parser.add_argument("--profile", help="comma-separated libraries to run under cProfile "
                        "(storm and firehose profiled apart; their timings are inflated)")
    parser.add_argument("--nice", type=int,
                        help="scheduler nice value asked for the benchmark processes "
                        "(default -10 where permitted; 0 to leave priorities alone)")
    parser.add_argument("--cluster", type=int, metavar="N",
                        help="messages for the cluster row (16 shards, 2 processes; "
                        "needs redis-server); 0 skips it")
    parser.add_argument("--markdown", type=Path,
                        help="also write the table as Markdown to this file")
    parser.add_argument("--no-commands", action="store_true",
                        help="skip the commands workload (prefix commands)")
    parser.add_argument("--latency-pings", type=int, metavar="N",
                        help="pings per reply-latency round (idle, then under load); "
                        "0 skips it")
    parser.add_argument("--no-rest", action="store_true",
                        help="skip the REST workload (messages sent through rate limits)")
    parser.add_argument("--rest", type=int, metavar="N",
                        help="messages per library in the REST workload (0 skips it)")
    parser.add_argument("--walk-pairs", type=int, metavar="N",
                        help="paired member walks, tidecord and discord.py in turn "
                        "(0 skips them)")
    parser.add_argument("--overhead-rounds", type=int,
                        help="paired rounds of the metrics-overhead step (0 skips it)")
    args = parser.parse_args(argv)

    small = args.small or os.environ.get("TIDECORD_BENCH_SMALL", "") not in ("", "0")
    overrides: dict[str, Any] = {}
    for name, value in (
        ("guilds", args.guilds), ("members_per_guild", args.members),
        ("channels", args.channels), ("roles", args.roles),
        ("firehose", args.firehose), ("firehose_budget_s", args.budget),
        ("results_dir", args.results_dir), ("chart_path", args.chart),
        ("markdown_path", args.markdown), ("nice", args.nice),
        ("overhead_rounds", args.overhead_rounds),
        ("cluster_messages", args.cluster), ("latency_pings", args.latency_pings),
        ("rest_messages", args.rest), ("walk_pairs", args.walk_pairs),
    ):
        if value is not None:
            overrides[name] = value
    for option, key in ((args.libs, "libraries"), (args.profile, "profile")):
        if option:
            libs = tuple(name.strip() for name in option.split(",") if name.strip())
            unknown = [name for name in libs if name not in LIBRARIES]
            if unknown:
                parser.error(f"unknown libraries: {', '.join(unknown)}")
            overrides[key] = libs
    if args.no_commands:
        overrides["commands"] = False
    if args.no_rest:
        overrides["rest_messages"] = 0
    if "firehose" in overrides:
        overrides.setdefault("min_firehose", min(overrides["firehose"], 10_000))
        overrides.setdefault("warmup", max(1, min(2_000, overrides["firehose"] // 5)))
    if small:
        return BenchConfig.small(**overrides)
    return BenchConfig.full(**overrides) if args.full else BenchConfig(**overrides)
