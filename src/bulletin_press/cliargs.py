"""What every command shares (cli.py, archivecli.py): the exit codes and the
issue argument."""
from __future__ import annotations

import click

# 0 success; 1 the sources (or a checked PDF) have errors; 2 the command line or the
# machine (errors.SetupError); 3 an internal error (a bug: please report)
EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


class IssueArg(click.ParamType):
    """An issue: 2025-04, 2025-4 or issues/2025-04/ (as tab completion gives it) → 2025-04."""

    name = "issue"

    def convert(self, value, param, ctx):
        from .source.root import issue_key
        try:
            return issue_key(value)
        except ValueError as e:
            self.fail(str(e), param, ctx)


ISSUE = IssueArg()
