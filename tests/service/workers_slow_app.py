"""A Celery app for the fault tests: the real tasks, slowed so that a test can kill a worker mid-way.

`DOCGEN_TEST_SLOW_CHECK_S` delays each bundle check and `DOCGEN_TEST_SLOW_CHUNK_S` each batch
chunk; `DOCGEN_TEST_FAIL_FIRST_CHECK` (a flag file) makes the first check crash; everything else is the production code path (`workers.app`, `workers.tasks`).
"""

from __future__ import annotations

import os
import time
from typing import Any

from docgen import pipeline
from docgen.render import batch as render_batch

_real_check = pipeline.check_bundle
_real_chunk = render_batch.render_chunk


def _slow_check(*args: Any, **kwargs: Any) -> Any:
    time.sleep(float(os.environ.get("DOCGEN_TEST_SLOW_CHECK_S", "0")))
    flag = os.environ.get("DOCGEN_TEST_FAIL_FIRST_CHECK")
    if flag and not os.path.exists(flag):  # a passing fault: the first check crashes once
        open(flag, "w").close()
        raise RuntimeError("injected fault")
    return _real_check(*args, **kwargs)


def _slow_chunk(*args: Any, **kwargs: Any) -> Any:
    time.sleep(float(os.environ.get("DOCGEN_TEST_SLOW_CHUNK_S", "0")))
    return _real_chunk(*args, **kwargs)


pipeline.check_bundle = _slow_check  # type: ignore[assignment]
render_batch.render_chunk = _slow_chunk  # type: ignore[assignment]

from workers import tasks as _tasks  # noqa: E402,F401  (registers the tasks)
from workers.app import app  # noqa: E402

__all__ = ["app"]
