"""Loop health: name the line that blocks the event loop, and make offloading one call.

* ``LoopWatchdog`` notices every stall of the event loop while the bot runs and
  logs (logger ``"tidecord.health"``) how long, in which handler, and at which
  line; ``LoopHealth`` holds its statistics (``client.loop_health``).
* ``to_thread`` / ``to_process`` run blocking work off the loop;
  ``shutdown_offload`` releases their pools (the client calls it on close).
* ``@blocking`` marks a handler or command as blocking so tidecord runs it off
  the loop; ``home`` awaits client calls from inside an async one.
* ``tidecord.health.strict`` is the pytest strict mode (loaded by tidecord's
  pytest plugin).
"""

from .frames import FrameInfo
from .marker import blocking, home, is_blocking
from .offload import (
    Offloader,
    configure_offload,
    shutdown_offload,
    to_process,
    to_thread,
)
from .stats import LoopHealth, SiteStats, Stall
from .watchdog import LoopWatchdog

__all__ = [
    "FrameInfo",
    "LoopHealth",
    "LoopWatchdog",
    "Offloader",
    "SiteStats",
    "Stall",
    "blocking",
    "configure_offload",
    "home",
    "is_blocking",
    "shutdown_offload",
    "to_process",
    "to_thread",
]
