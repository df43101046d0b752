"""The devserver's build process: full builds, and a saved article's own page first.

scripts/devserver.py starts this once and sends it one JSON line per job on
stdin; each answer is one JSON line on the original stdout. What a build
prints (Pelican's console, problem_report, the card workers) is captured
and sent back in the answer, so the devserver prints it as `make html` would.

- {"do": "build"}: the same build as `python -m pelican CONTENT -o OUTPUT
  -s SETTINGS -e PROBLEMS_FILE=... SEARCH_INDEX_LATER=...`, settings read
  anew each time. Its generators (every article as the plugins left it, the
  context, the Jinja environment) are kept for the next job.
- {"do": "page", "path": ...}: the saved article read again through the same
  reader and plugin signals as in a full build, and only its own page written,
  with the last build's context. It is refused (the devserver then only
  builds) when the last build did not publish that file, when the article now
  has an error, or when what other pages decide about it may have changed:
  its address, date, category, tags, authors, status, language or template,
  which move it in listings and change its related articles and neighbours.
  Otherwise those are the last build's, as the full build that follows
  works them out again.

Plugins are imported once: the devserver starts a new build process when a
plugin changes.
"""

import contextlib
import copy
import json
import logging
import os
import sys
import tempfile
from pathlib import Path

from pelican import LOG_HANDLERS, get_instance, parse_arguments, signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator
from pelican.log import LimitFilter, init as init_logging
from pelican.readers import SkipStub
from pelican.writers import Writer

# Pelican's lists of articles, all of which a plugin's signal handler may walk.
_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations")


def listing_facts(article):
    """What other pages decide about an article: if any of it changes, only a full build is right."""
    return (
        article.save_as, article.url, article.status, article.lang, article.template, article.date,
        getattr(article, "category", None) and article.category.slug,
        tuple(tag.slug for tag in getattr(article, "tags", None) or ()),
        tuple(author.slug for author in getattr(article, "authors", None) or ()),
    )


class Builder:
    """Runs full builds in this process and keeps the last one's generators."""

    def __init__(self, argv):
        self.argv = argv
        self.generators = None
        signals.all_generators_finalized.connect(self._keep)

    def _keep(self, generators):
        self.generators = generators

    def build(self):
        """One full build, as `python -m pelican` runs it; its exit code."""
        self.generators = None
        # Pelican drops a log line it printed before in this process; each
        # build must say everything a fresh `python -m pelican` would.
        LimitFilter._raised_messages.clear()
        LimitFilter._group_count.clear()
        try:
            pelican, _ = get_instance(parse_arguments(self.argv))
            pelican.run()
        except SystemExit as stop:  # a strict build's problem_report.PublishBlocked
            self.generators = None
            return stop.code
        except Exception as error:  # noqa: BLE001 - reported as Pelican's main() reports it
            self.generators = None
            logging.getLogger("pelican").critical("%s: %s", type(error).__name__, error, exc_info=True)
            return getattr(error, "exitcode", 1)
        return 0

    def page(self, path):
        """Write the saved article's own page from the last build's state; False when refused."""
        generator = next((g for g in self.generators or () if isinstance(g, ArticlesGenerator)), None)
        if generator is None:
            return False
        wanted = Path(path).resolve()
        old = next((a for a in generator.articles if Path(a.source_path).resolve() == wanted), None)
        if old is None:
            return False
        new = generator.readers.read_file(
            base_path=generator.path, path=os.path.relpath(wanted, generator.path), content_class=Article,
            context=generator.context, preread_signal=signals.article_generator_preread,
            preread_sender=generator, context_signal=signals.article_generator_context,
            context_sender=generator,
        )
        if isinstance(new, SkipStub) or not new.is_valid() or listing_facts(new) != listing_facts(old):
            return False
        if not self._enrich(generator, new, old):
            return False
        new.refresh_metadata_intersite_links()
        generator.articles[generator.articles.index(old)] = new
        generator.add_source_path(new)
        writer = Writer(generator.output_path, settings=generator.settings)

        def write(name, *args, article, **kwargs):
            if article is new:
                writer.write_file(name, *args, article=article, relative_urls=generator.settings["RELATIVE_URLS"],
                                  **kwargs)

        # The very call the full build makes for each article's page.
        generator.generate_articles(write)
        return True

    @staticmethod
    def _enrich(generator, new, old):
        """Send the article generator's signals for `new` alone, as a full build sends them for all.

        The handlers see a copy of the generator holding only `new`, with a
        copy of the context, so what they set for the whole site stays the
        last build's. What depends on the other articles (related articles,
        neighbours) is taken from the article it replaces: listing_facts
        left it unchanged. False when a check withdrew it.
        """
        alone = copy.copy(generator)
        alone.__dict__.pop("withdrawn_articles", None)
        for name in _LISTS:
            setattr(alone, name, [])
        alone.articles = [new]
        alone.context = dict(generator.context)
        # The kept body facts are saved with what the build used: one article's would drop the rest.
        alone.settings = dict(generator.settings, BODY_CACHE="")
        signals.article_generator_pretaxonomy.send(alone)
        if len(alone.articles) != 1 or alone.articles[0] is not new:
            return False
        signals.article_generator_finalized.send(alone)
        for name in ("related", "previous_in_category", "next_in_category"):
            if hasattr(old, name):
                setattr(new, name, getattr(old, name))
        return True


@contextlib.contextmanager
def captured(answer):
    """Everything written to file descriptors 1 and 2 meanwhile, into answer["stdout"] and answer["stderr"]."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        saved = os.dup(1), os.dup(2)
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
            for name, file in (("stdout", out), ("stderr", err)):
                file.seek(0)
                answer[name] = file.read().decode("utf-8", errors="replace")


def main(argv):
    """Answer the devserver's jobs until it closes stdin. argv: `pelican`'s arguments."""
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    args = parse_arguments(argv)
    init_logging(level=args.verbosity, fatal=args.fatal, name="pelican", handler=LOG_HANDLERS[args.log_handler],
                 logs_dedup_min_level=getattr(logging, args.logs_dedup_min_level))
    builder = Builder(argv)
    for line in sys.stdin:
        job = json.loads(line)
        answer = {}
        with captured(answer):
            if job["do"] == "build":
                answer["returncode"] = builder.build()
            else:
                try:
                    answer["written"] = builder.page(job["path"])
                except Exception as error:  # noqa: BLE001 - the full build that follows reports it properly
                    answer["written"] = False
                    print(f"The page alone could not be made ({type(error).__name__}: {error})", file=sys.stderr)
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
    with contextlib.suppress(KeyboardInterrupt):
        main(sys.argv[1:])
