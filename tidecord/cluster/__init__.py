"""One bot over many processes and machines, coordinated through Redis.

``Client(cluster=Cluster(url))`` makes a client one worker of its bot's cluster;
``tidecord cluster run PATH --redis URL --processes N`` starts N of them, ``tidecord
cluster join`` one more anywhere, ``tidecord cluster status`` shows who holds what.
See :mod:`tidecord.cluster.keys` for what lives in Redis and
:mod:`tidecord.cluster.leases` for the timings.
"""

from .cluster import Cluster, ClusterError

__all__ = ["Cluster", "ClusterError"]
