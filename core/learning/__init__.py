"""Learning from outcomes: ground truth per field, vendor layouts, the meta-orchestrator, metrics."""
