"""Entry point: ``python -m benchmarks`` (what ``make bench`` runs)."""

from .orchestrator import main

if __name__ == "__main__":
    raise SystemExit(main())
