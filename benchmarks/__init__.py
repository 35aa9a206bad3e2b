"""``make bench``: tidecord, discord.py and hikari side by side against one sandbox.

Run it with ``python -m benchmarks`` (``--help`` for the options). The pieces:

- :mod:`benchmarks.server`: the sandbox with a generated world, in its own process,
  driven over its stdin (so its CPU is never charged to a client);
- :mod:`benchmarks.runners`: one client process per library, reporting CPU to
  ready, RSS growth and firehose throughput;
- :mod:`benchmarks.floor`: the decode floor, zlib inflate + JSON decode of the very
  frames the sandbox sends, replayed in-process;
- :mod:`benchmarks.orchestrator`: starts and stops all of them, with time limits;
- :mod:`benchmarks.report` and :mod:`benchmarks.chart`: the table, ratios, targets,
  the JSON results file and the PNG chart.
"""
