"""Loop-health tests (a package, so its helper modules import the same way in every import mode)."""
