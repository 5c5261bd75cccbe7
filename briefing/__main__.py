"""`python -m briefing` and the `briefing` command."""
import sys

INTERRUPTED = "interrupted before anything was built: the previous site was left as it was"


def run() -> int:
    """The command line, with a Ctrl-C while Briefing is still starting (importing)
    told in one line, as one at any later moment is."""
    try:
        from .cli import main
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return 130
    return main()


if __name__ == "__main__":
    sys.exit(run())
