"""Batches of documents through the pipeline: in this process, in a pool, on Dask.

Every runner shares one step, ``run_batch``: a list of Sources in, a
``BatchOutput`` out (the batch's tables as Arrow, and what the run summary
counts). ``outputs(batches, workers, dask=None)`` yields them in input order:
with one worker in this process, with more in a pool of worker processes,
or on a Dask cluster (``dask="local"`` starts a ``LocalCluster`` of
``workers`` processes; an address such as ``tcp://host:8786`` uses a running
one). Every worker process loads the models once (``run.default_tools`` is
a per-process cache). The Sources carry their text, so the workers need no
access to the input files. At most ``2 × workers`` batches are in flight,
so memory stays flat however long the input is.
"""

import os
import threading
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace

from .doc import pipe
from .processes import context, cores, threads_each
from .records import Result
from .tables import SCHEMAS, to_arrow


_ONE_BATCH_AT_A_TIME = threading.Lock()


@dataclass
class BatchOutput:
    """What one batch gives the writer and the summary."""

    tables: dict
    documents: int = 0
    failures: list = field(default_factory=list)
    mentions: Counter = field(default_factory=Counter)
    totals: Counter = field(default_factory=Counter)
    #: For a section of a long document (a batch of its own): its Source, text aside.
    section: object = None
    #: The process that ran the batch.
    worker: int = 0
    #: The documents' entities (``linking.documents_entities``), where asked
    #: for (``link``): found here, in parallel, not by the writer for every batch.
    linked: list = None


def run_batch(sources, tools=None, link=False):
    """Every stage on a list of Sources; their tables and counts; with ``link``,
    the documents' entities too (``BatchOutput.linked``)."""
    if tools is None:
        from .run import default_tools

        tools = default_tools()
    with _ONE_BATCH_AT_A_TIME:  # a Dask worker may run tasks in threads; the tools are shared
        results = list(pipe(sources, tools, batch_size=max(len(sources), 1)))
    output = _output(sources, results)
    if link and output.section is None:
        from .linking import documents_entities
        from .linking.step import linked_rows

        output.linked = documents_entities(linked_rows(output.tables["mentions"]))
    return output


#: The error of a document whose worker process died on it, twice.
WORKER_DIED = "the worker process died while processing this document (out of memory, or killed?)"


def failed_batch(sources, reason=WORKER_DIED):
    """The output of a batch no worker could finish: every document an error."""
    return _output(sources, [Result(source, error=reason) for source in sources])


def _output(sources, results):
    output = BatchOutput({name: to_arrow(name, results) for name in SCHEMAS}, len(results),
                         worker=os.getpid())
    if len(sources) == 1 and sources[0].sections > 1:
        output.section = replace(sources[0], text="")
    for result in results:
        if not result.ok:
            output.failures.append((result.source.doc_id, result.error))
        output.mentions.update(mention.type for mention in result.mentions)
        output.totals.update(tokens=len(result.tokens), sentences=len(result.sentences),
                             chars=len(result.source.text))
    return output


def _load_models():
    from .run import default_tools

    default_tools()


def outputs(batches, workers=1, tools=None, dask=None, documents=None, link=True):
    """A BatchOutput per batch, in order; ``workers`` > 1 runs them in a process
    pool, ``dask`` on a Dask cluster. ``documents``, the number the batches
    hold (when known), lets the last batches of a pool or cluster run be cut
    smaller (``tapered``). ``link``: a pool's or cluster's workers also find
    their batches' document entities (``run_batch``), for a writer that
    takes them."""
    if workers <= 1 and not dask:
        yield from _here(batches, tools)
        return
    if documents:
        batches = tapered(batches, documents, workers)
    if dask:
        yield from _on_dask(batches, workers, dask, link)
        return
    with threads_each(max(cores() // workers, 1)):
        pool = _Pool(workers, link)
        try:
            yield from _in_pool(pool, batches, workers)
        finally:
            pool.close()


def _here(batches, tools):
    """The batches run in this process. After the last, its caches are emptied
    (``tools.forget_caches``): the writer and the corpus step that come next
    run here too. To know which batch is the last, the next one is read
    before a batch's output is given out (an error reading it comes after)."""
    from .run import default_tools
    from .tools import forget_caches

    tools = tools or default_tools()
    batches = iter(batches)
    batch = next(batches, None)
    while batch is not None:
        output = run_batch(batch, tools)
        try:
            batch = next(batches, None)
        except BaseException:
            yield output
            raise
        if batch is None:
            forget_caches(tools)
        yield output


#: The last batches of a pool run are cut into this many parts.
TAPER = 4


def tapered(batches, documents, lanes):
    """``batches``, the ones that end a run of ``documents`` cut in ``TAPER``
    parts: those within ``2 × lanes`` batches of the end (``lanes``: the
    workers of a pool or cluster). With whole batches to the end, the workers
    finish up to a batch apart, and all but one wait
    (on 400 articles and 2 workers, a tenth of the run). The tables do not
    depend on how documents are batched."""
    seen = 0
    for batch in batches:
        seen += len(batch)
        if len(batch) >= TAPER and documents - seen < 2 * lanes * len(batch):
            part = -(-len(batch) // TAPER)
            for start in range(0, len(batch), part):
                yield batch[start:start + part]
        else:
            yield batch


class _Pool:
    """A process pool that can be started again after a worker died."""

    def __init__(self, workers, link=True):
        self.workers, self.link = workers, link
        self.executor = self._start()

    def _start(self):
        return ProcessPoolExecutor(self.workers, mp_context=context(), initializer=_load_models)

    def submit(self, batch):
        return self.executor.submit(run_batch, batch, link=self.link)

    def restart(self):
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()

    def close(self):
        self.executor.shutdown(wait=True, cancel_futures=True)


def _in_pool(pool, batches, lanes):
    """``_in_order`` on a pool, where a worker that dies loses nothing: its batch
    is run again a document at a time in a new pool, and a document that kills
    that worker too becomes an error row (``WORKER_DIED``); the batches that
    were waiting are sent to the new pool, also those the broken pool refused
    before it was noticed (a worker can die between two batches given out)."""
    pending = deque()

    def submit(batch):
        try:
            return pool.submit(batch)
        except BrokenProcessPool:
            return None  # sent again with the others when the pool is started again

    def resubmit_pending():
        for index, (waiting, _) in enumerate(pending):
            pending[index] = (waiting, submit(waiting))

    def next_output():
        if pending[0][1] is None:  # refused by a broken pool: not this batch's doing
            pool.restart()
            resubmit_pending()
        batch, future = pending.popleft()
        try:
            if future is None:
                raise BrokenProcessPool("the pool broke again at once")
            return [future.result()]
        except BrokenProcessPool:
            pool.restart()
            outputs = []
            for source in batch:
                try:
                    outputs.append(pool.submit([source]).result())
                except BrokenProcessPool:
                    pool.restart()
                    outputs.append(failed_batch([source]))
            resubmit_pending()
            return [_merge(outputs)] if len(batch) > 1 else outputs

    for batch in batches:
        pending.append((batch, submit(batch)))
        if len(pending) >= 2 * lanes:
            yield from next_output()
    while pending:
        yield from next_output()


def _merge(outputs):
    """One BatchOutput for the outputs of a batch run a document at a time."""
    import pyarrow as pa

    merged = BatchOutput({name: pa.concat_tables([output.tables[name] for output in outputs])
                          for name in SCHEMAS}, sum(output.documents for output in outputs))
    for output in outputs:
        merged.failures += output.failures
        merged.mentions.update(output.mentions)
        merged.totals.update(output.totals)
    return merged


def _in_order(submit, batches, lanes):
    """The results of ``submit(batch)`` futures, in input order, with at most
    ``2 × lanes`` batches in flight."""
    pending = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= 2 * lanes:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _on_dask(batches, workers, address, link=True):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        from .errors import UsageError

        raise UsageError("--dask needs the dask extra: pip install 'ru-entities[dask]'") from None
    with threads_each(1):
        cluster = (LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                dashboard_address=None) if address == "local" else None)
    try:
        with Client(cluster or address) as client:
            lanes = max(workers if cluster else len(client.scheduler_info()["workers"]), 1)
            yield from _in_order(lambda batch: client.submit(run_batch, batch, link=link,
                                                             pure=False),
                                 batches, lanes)
    finally:
        if cluster is not None:
            cluster.close()
