"""Learning from outcomes: field truth, vendor layouts, the meta-orchestrator, metrics."""
