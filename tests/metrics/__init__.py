"""Metrics: client.metrics, the Prometheus exporter, and what they count."""
