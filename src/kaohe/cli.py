"""The `kaohe` command: Django's manage.py under a friendlier name.

`kaohe scheme …` and `kaohe score …` are the offline scoring commands; they run without a
database (and without Django) so a scheme can be checked on any laptop.
"""

import os
import sys

OFFLINE_COMMANDS = {"scheme", "score"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in OFFLINE_COMMANDS:
        from kaohe.scoring.cli import main as scoring_main

        try:
            return scoring_main(argv[1:])
        except BrokenPipeError:  # `kaohe score … | head`: the reader left, nothing is wrong
            sys.stderr.close()
            return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaohe.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
