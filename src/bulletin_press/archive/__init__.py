"""The archive: every issue folder rebuilt, locked, verified and indexed.

Orchestration above the pipeline, as the CLI is:
  batch.py      build --all, verify --all: every issue in parallel, one line each
  files.py      the files an issue is made of, and their digests
  locking.py    lock (print.lock + pinned style), the locked lines a build keeps, verify
  listing.py    list: the archive at a glance
  yearindex.py  index YEAR: the 年度总目录
"""
