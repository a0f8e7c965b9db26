"""The archive: every issue folder rebuilt, locked, verified and indexed.

Orchestration above the pipeline, as the CLI is (what a build reads of a lock, and the
files an issue is made of, are source/honour.py and source/issuefiles.py):
  batch.py      build --all, verify --all: every issue in parallel, one line each
  locking.py    lock (print.lock + pinned style), the locked lines a build keeps, verify
  listing.py    list: the archive at a glance
  yearindex.py  index YEAR: the 年度总目录
"""
