"""A batch run in its own process, for the kill-and-resume test.

    python -m tests.stubs.batch_worker DB FOLDER CLAUDE_URL [WORKERS]

Runs every file in FOLDER through the real pipeline, with the Claude agent pointed at a stub
server, and prints one line per file state change ("stored inv-03.pdf"), flushed at once.
"""

from __future__ import annotations

import sys
from pathlib import Path

from core.llm.registry import llm_agents
from core.services.batch import FileProgress, items_from_paths, run_batch
from core.services.pipeline import Pipeline
from core.store.db import Database
from tests.stubs.llm_setup import stub_config


def main(argv: list[str]) -> int:
    db_file, folder, url = Path(argv[0]), Path(argv[1]), argv[2]
    workers = int(argv[3]) if len(argv) > 3 else 2
    db = Database(db_file)
    agents = llm_agents(db, {"claude": stub_config("claude", url)})
    pipeline = Pipeline(db, agents=agents)

    def show(event: FileProgress) -> None:
        print(f"{event.state} {event.name}", flush=True)

    report = run_batch(pipeline, items_from_paths([folder]), "alex.clerk", workers, show)
    print(f"done stored={report.stored} skipped={report.skipped} failed={report.failed}",
          flush=True)  # fmt: skip
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
