"""Run Pelican's command line, and fail unless the build ran to its very end.

Pelican's command line catches KeyboardInterrupt, prints "Keyboard interrupt
received. Exiting." and exits with status 0, so a build stopped half-way
looks like a finished one. A publish must never swap in such a tree, so this
wrapper notes when Pelican.run() has returned (every generator, every
`finalized` handler such as the search index, done) and exits with 130
otherwise. Run it as a script with Pelican's own arguments.
"""

import sys

import pelican

STOPPED_EARLY = 130


def main(argv):
    """Run `pelican argv`; return 0 only if Pelican.run() completed."""
    completed = []
    run = pelican.Pelican.run

    def run_to_the_end(self):
        run(self)
        completed.append(self)

    # A subclass named by the PELICAN_CLASS setting calls this too, through super().
    pelican.Pelican.run = run_to_the_end
    pelican.main(argv)
    if not completed:
        print("Pelican stopped before the end of the build.", file=sys.stderr)
        return STOPPED_EARLY
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
