"""How worker processes start: how many cores there are, the fork server the
pool's workers are forked from, and the BLAS threads each worker gets.

Light on purpose (nothing heavy is imported here): the CLI starts the fork
server first thing (``start_fork_server``), so that it loads the models
while this process imports the pipeline and finds the input, instead of
after (on 400 articles and 2 workers, the first batch started 0.4 s sooner
together with the lighter embedding of ``embedding.py``).
"""

import os
from contextlib import contextmanager
from multiprocessing import get_context

#: The variables that bound numpy's BLAS threads, read when a process starts.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def cores():
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def context():
    """Workers forked from a fork server that has loaded the models
    (``pipeline/warm.py``), where there is one; else spawned. Never forked
    from this process: a fork of a process with Arrow's threads can hang."""
    try:
        found = get_context("forkserver")
    except ValueError:  # no fork server on this platform
        return get_context("spawn")
    found.set_forkserver_preload(["pipeline.warm"])
    return found


def start_fork_server(workers):
    """Start the fork server of a pool of ``workers`` now; it loads the models
    in the background, and the pool, when it starts, forks from it. Its BLAS
    threads (which the workers inherit) are set as the pool's would be. Does
    nothing where there is no fork server."""
    if context().get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    with threads_each(max(cores() // workers, 1)):
        forkserver.ensure_running()


@contextmanager
def threads_each(count):
    """Processes started inside get ``count`` BLAS threads each, unless the user
    set them: two workers that each spread over every core only slow each other."""
    saved = {name: os.environ.get(name) for name in THREAD_VARIABLES}
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, str(count))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
