"""The ``gongjian`` console script: everything manage.py does, under the product's name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjian.settings.embedded")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "gongjian"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
