"""A folder as a zip whose bytes depend only on the files' names and contents.

``python -m zipfile -c`` stores each file's modification time, so two archives of the same
edition, built minutes apart, differ. ``make archive`` uses this instead: entries in sorted
order, every timestamp set to the time of the commit being built (``SOURCE_DATE_EPOCH``,
exported by the Makefile; 1980-01-01, the earliest a zip can hold, without it), fixed
permissions, stored uncompressed as before.

Usage: ``python -m tools.zipdir ARCHIVE.zip BASE FOLDER`` zips ``BASE/FOLDER`` with names
starting ``FOLDER/``.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import zipfile
from pathlib import Path

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def stamp() -> tuple[int, int, int, int, int, int]:
    """The one timestamp every entry gets: ``SOURCE_DATE_EPOCH`` in UTC, or the zip format's earliest."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return ZIP_EPOCH
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return max(ZIP_EPOCH, (when.year, when.month, when.day, when.hour, when.minute, when.second))


def zip_folder(archive: Path, base: Path, folder: str) -> int:
    """Write ``base/folder`` into ``archive`` reproducibly; return the number of files.

    Parameters
    ----------
    archive : Path
        The zip to write (replaced if it exists) [path].
    base : Path
        The folder the entry names are relative to [path].
    folder : str
        The folder under ``base`` to zip [name].
    """
    when = stamp()
    root = base / folder
    paths = sorted(root.rglob("*"), key=lambda p: p.relative_to(base).as_posix())
    count = 0
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        for path in [root, *paths]:
            name = path.relative_to(base).as_posix()
            if path.is_dir():
                info = zipfile.ZipInfo(name + "/", date_time=when)
                info.external_attr = (0o40755 << 16) | 0x10
                zf.writestr(info, b"")
            else:
                info = zipfile.ZipInfo(name, date_time=when)
                info.external_attr = 0o100644 << 16
                zf.writestr(info, path.read_bytes())
                count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tools.zipdir ARCHIVE.zip BASE FOLDER``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    zip_folder(Path(args[0]), Path(args[1]), args[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
