"""Two "machines" on one: network namespaces joined by veth pairs to a hub namespace.

::

    [root ns] --veth--+
    [ns a]    --veth--+-- br0 in [hub ns]: Redis and the sandbox, at 10.x.y.1
    [ns b]    --veth--+

Every name and address is made fresh per use; :meth:`Network.close` deletes it all.
"""

from __future__ import annotations

import os
import random
import secrets
import shutil
import subprocess

__all__ = ["Network", "why_not"]


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=10)


def why_not() -> str | None:
    """Why namespaces cannot be made here (None: they can)."""
    if shutil.which("ip") is None:
        return "the `ip` command (iproute2) is not installed"
    if os.geteuid() != 0:
        return "network namespaces need root"
    name = f"tdc-probe-{secrets.token_hex(3)}"
    try:
        _ip("netns", "add", name)
    except (subprocess.CalledProcessError, OSError) as exc:
        stderr = getattr(exc, "stderr", b"") or b""
        return f"`ip netns add` fails here: {stderr.decode().strip() or exc}"
    _ip("netns", "del", name)
    return None


class Network:
    """A hub namespace with a bridge, and one namespace per machine linked to it."""

    def __init__(self, machines: list[str]) -> None:
        tag = secrets.token_hex(2)
        self.hub = f"tdc-hub-{tag}"
        self.namespaces = {m: f"tdc-{m}-{tag}" for m in machines}
        net = f"10.{random.randint(200, 250)}.{random.randint(0, 255)}"
        self.hub_ip = f"{net}.1"
        self._links: dict[str, str] = {}  # machine -> its veth end's name in its namespace
        self._made: list[str] = []
        try:
            self._build(tag, net, machines)
        except BaseException:
            self.close()
            raise

    def _build(self, tag: str, net: str, machines: list[str]) -> None:
        _ip("netns", "add", self.hub)
        self._made.append(self.hub)
        _ip("-n", self.hub, "link", "set", "lo", "up")
        _ip("-n", self.hub, "link", "add", "br0", "type", "bridge")
        _ip("-n", self.hub, "addr", "add", f"{self.hub_ip}/24", "dev", "br0")
        _ip("-n", self.hub, "link", "set", "br0", "up")
        for n, machine in enumerate(["root", *machines], start=2):
            end, hub_end = f"tdc{n}{tag}", f"tdh{n}{tag}"
            _ip("link", "add", end, "type", "veth", "peer", "name", hub_end)
            self._made.append(end)
            _ip("link", "set", hub_end, "netns", self.hub)
            _ip("-n", self.hub, "link", "set", hub_end, "master", "br0")
            _ip("-n", self.hub, "link", "set", hub_end, "up")
            where: list[str] = []
            if machine != "root":
                ns = self.namespaces[machine]
                _ip("netns", "add", ns)
                self._made.append(ns)
                _ip("link", "set", end, "netns", ns)
                _ip("-n", ns, "link", "set", "lo", "up")
                where = ["-n", ns]
            _ip(*where, "addr", "add", f"{net}.{n}/24", "dev", end)
            _ip(*where, "link", "set", end, "up")
            self._links[machine] = end

    def run_in(self, machine: str) -> list[str]:
        """The command prefix that runs a program on ``machine`` ("hub" for the hub)."""
        return ["ip", "netns", "exec", self.hub if machine == "hub" else self.namespaces[machine]]

    def cut(self, machine: str) -> None:
        """Pull ``machine``'s cable: its link goes down, nothing gets in or out."""
        _ip("-n", self.namespaces[machine], "link", "set", self._links[machine], "down")

    def close(self) -> None:
        for name in reversed(self._made):
            if name.startswith("tdc-"):
                subprocess.run(["ip", "netns", "del", name], capture_output=True, timeout=10)
            else:
                subprocess.run(["ip", "link", "del", name], capture_output=True, timeout=10)
        self._made.clear()
