"""One run at a time into an output folder."""

import os

from .errors import UsageError

#: The lock file's name inside an output folder.
LOCK = ".lock"


class OutputLock:
    """One run at a time into an output folder: an exclusive ``flock`` on a
    file beside the tables, held while the run writes. The system lets it go
    when the process ends, however it ends, so a killed run leaves nothing
    stuck; a second run refuses at once with a message, and never interleaves."""

    def __init__(self, path, shown):
        self.handle = None
        try:
            import fcntl
        except ImportError:  # not on a POSIX system: no lock
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            raise UsageError(f"{shown}: another ru-entities run is writing here"
                             f"{f' (process {holder})' if holder else ''}; wait for it to end "
                             "or write elsewhere") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self.handle = handle

    def release(self):
        if self.handle is not None:
            self.handle.close()
            self.handle = None
