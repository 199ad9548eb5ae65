"""`python -m uprsearch` and the console script's entry point: the CLI, with Ctrl-C while it
starts (Click, Rich and the index loading, before the CLI's own handling) an exit 130 like any
other, never a traceback."""
import sys


def main() -> None:
    try:
        from uprsearch.cli import main as run

        run()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
