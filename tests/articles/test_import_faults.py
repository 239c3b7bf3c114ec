"""
The database going away in the middle of an import leaves no partial article.

What ``articles.services`` promises: each input is written whole (its
articles, their first or new revisions, the outlets and stories they bring,
their history, and the claims moved onto a new text), in one transaction with
the other inputs of its chunk, and a batch is a sequence of chunks. When the
database fails, the chunks before the failure stay, whole; the failing one
leaves nothing; the batch stops with the error. A JSON feed is one input,
stored whole or not at all.
Running the import again finishes it, and once more changes nothing.

Each test counts the points of a complete import, a point being a statement or
a COMMIT (checked against ``CaptureQueriesContext``), then loses the database
at each in turn, every time from the same start, and compares every row of
every table with what importing the articles before that point stores (the
clock is frozen and the id sequences rewound, so equal means equal). The
database is lost in two ways:

- ``raised``, on any backend: that point and every later one raise
  ``OperationalError`` as on a connection the server has closed. Only the
  rollback still works, which it would not on a dead connection: the test
  database must stay usable.
- ``killed``, on PostgreSQL: the import's own backend is terminated with
  ``pg_terminate_backend`` from a second connection just before that point.
"""

import contextlib
import dataclasses
import datetime
import io
import json
import re
import shutil

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services
from articles.management.commands.import_articles import Command
from articles.models import Article, ArticleRevision, Outlet, Story
from factcheck import roles
from factcheck import services as factcheck_services
from factcheck.models import Claim
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db(transaction=True)

CLOSED = "server closed the connection unexpectedly"
# Rows two runs of an import write compare equal only if their timestamps do.
NOW = datetime.datetime(2026, 3, 3, 9, 30, tzinfo=datetime.UTC)
SAVEPOINT_NAME = re.compile(r'"s\d+_x\d+"')


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


# Losing the database ---------------------------------------------------------------


class Raised:
    """A connection the server has closed: the failing point and every later one raise."""

    def cut(self):
        raise OperationalError(CLOSED)

    def after(self):
        raise OperationalError(CLOSED)

    def close(self):
        pass


class Killed:
    """The import's own PostgreSQL backend, terminated from a second connection."""

    def __init__(self):
        self.other = connections.create_connection(DEFAULT_DB_ALIAS)

    def cut(self):
        pid = connection.connection.info.backend_pid
        with self.other.cursor() as cursor:
            # Waits (up to 5 s) until the backend has gone.
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
            assert cursor.fetchone() == (True,)

    def after(self):
        pass  # the server has gone: every later point fails by itself

    def close(self):
        self.other.close()


@pytest.fixture(params=["raised", "killed"])
def loss(request):
    if request.param == "killed" and connection.vendor != "postgresql":
        pytest.skip("terminating the import's backend needs PostgreSQL")
    way = Killed() if request.param == "killed" else Raised()
    yield way
    way.close()


class Points:
    """Counts the points of failure as the import reaches them, each statement
    and each COMMIT, and with a ``loss`` loses the database at the ``fail_at``-th."""

    def __init__(self, loss=None, fail_at=None):
        self.loss = loss
        self.fail_at = fail_at
        self.seen = []  # the SQL of each point reached
        self.commits = 0  # COMMITs that went through

    def _reach(self, sql):
        # Savepoint names differ from run to run; the statements must not.
        self.seen.append(SAVEPOINT_NAME.sub('"savepoint"', sql))
        if self.loss is None:
            return
        if len(self.seen) == self.fail_at:
            self.loss.cut()
        elif len(self.seen) > self.fail_at:
            self.loss.after()

    def _execute(self, execute, sql, params, many, context):
        self._reach(sql)
        return execute(sql, params, many, context)

    @contextlib.contextmanager
    def armed(self):
        # COMMIT is no statement (execute wrappers never see it): wrap the
        # connection's own commit, which transaction.atomic calls.
        db = connections[DEFAULT_DB_ALIAS]
        commit = db._commit

        def counted_commit():
            self._reach("COMMIT")
            commit()
            self.commits += 1

        db._commit = counted_commit
        try:
            with db.execute_wrapper(self._execute):
                yield self
        finally:
            del db._commit


@dataclasses.dataclass
class Failure:
    point: int
    sql: str
    commits: int  # transactions that had committed before the database went
    error: BaseException | None  # None: the loss went unseen


def lose_the_database_at_each_point(run, loss, *, raises, reset, holding, check=None):
    """Count the points of a complete ``run`` from the state ``reset`` makes,
    then, from that state each time, run it losing the database at each point
    in turn; return the :class:`Failure` of each.

    ``holding[k]`` is what the database must hold once ``k`` transactions have
    committed (any after the last article's are the database cache's own), and
    ``holding[-1]`` when ``run`` does not raise ``raises``: a loss it does not
    see must cost nothing. ``check``, when given, is called with each failure.
    """
    reset()
    start = stored_rows()
    counted = Points()
    with CaptureQueriesContext(connection) as queries, counted.armed():
        run()
    # Django's count agrees; PostgreSQL's BEGIN is logged but never executed.
    executed = [query for query in queries.captured_queries if query["sql"] != "BEGIN"]
    assert len(executed) == len(counted.seen) > 0

    failures = []
    stored = None  # what the complete run stored: not the start
    for n, sql in enumerate(counted.seen, 1):
        if stored != start:
            reset()
        rewind_sequences()
        points = Points(loss, fail_at=n)
        with points.armed():
            try:
                run()
            except raises as exc:
                failure = Failure(n, sql, points.commits, exc)
            else:
                failure = Failure(n, sql, points.commits, None)
        # As Django does around each request and task: drop a connection
        # that errors left unusable (outside a transaction nothing else does).
        connection.close_if_unusable_or_obsolete()
        assert points.seen[n - 1] == sql, "the import ran differently this time"
        expected = (
            holding[-1]
            if failure.error is None
            else holding[min(failure.commits, len(holding) - 1)]
        )
        stored = stored_rows()
        assert stored == expected, failure
        if check:
            check(failure)
        failures.append(failure)
    return failures


def lose_the_database(run, loss, *, at, raises):
    with Points(loss, fail_at=at).armed(), pytest.raises(raises):
        run()


# What the database holds ---------------------------------------------------------------


def stored_rows():
    """Every row of every table, by model, in primary key order."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
    }


def forget_articles():
    """Back to no articles, outlets or stories, their ids starting again from 1.

    For tests that start from no articles, so that nothing refers to them.
    """
    models = list(apps.get_app_config("articles").get_models())
    qn = connection.ops.quote_name
    sequences = [{"table": m._meta.db_table, "column": m._meta.pk.column} for m in models]
    with transaction.atomic(), connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {qn(model._meta.db_table)}")  # noqa: S608 (a model's table)
        for sql in connection.ops.sequence_reset_by_name_sql(no_style(), sequences):
            cursor.execute(sql)


def rewind_sequences():
    """Set each id sequence back to its table's highest id. PostgreSQL never
    hands out an id twice, even one a rolled back transaction took; the next
    run must write the same ids as the last to store the same rows."""
    statements = connection.ops.sequence_reset_sql(
        no_style(), apps.get_models(include_auto_created=True)
    )
    if statements:
        with connection.cursor() as cursor:
            cursor.execute("\n".join(statements))


def assert_every_article_is_whole():
    for article in Article.objects.all():
        latest = article.revisions.order_by("-number").first()
        assert latest is not None, f"{article.source} has no revision"
        assert (latest.body, latest.content_hash) == (article.body, article.content_hash)
    assert not Outlet.objects.filter(articles__isnull=True).exists(), "an outlet without articles"
    assert not Story.objects.filter(articles__isnull=True).exists(), "a story without articles"


def assert_running_again_changes_nothing(run):
    before = stored_rows()
    with CaptureQueriesContext(connection) as queries:
        run()
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert stored_rows() == before


# The service -------------------------------------------------------------------------------

WIRE = FIXTURES / "text" / "wire_dateline.txt"
FEED = FIXTURES / "json" / "feed.json"


def test_a_new_article_is_stored_whole_or_not_at_all(editor, loss):
    def import_wire():
        return services.articles_import(
            inputs=[services.ImportInput.from_path(WIRE)], acting_user=editor
        )

    forget_articles()
    holding = [stored_rows()]
    import_wire()
    holding.append(stored_rows())

    failures = lose_the_database_at_each_point(
        import_wire, loss, raises=OperationalError, reset=forget_articles, holding=holding
    )

    [commit] = [failure for failure in failures if failure.sql == "COMMIT"]
    # Lost at its COMMIT, the import leaves nothing; run again, it is all there.
    forget_articles()
    lose_the_database(import_wire, loss, at=commit.point, raises=OperationalError)
    assert not Article.objects.exists() and not Outlet.objects.exists()
    import_wire()
    article = Article.objects.select_related("outlet").get()
    assert (article.source, article.outlet.name) == ("wire_dateline.txt", "Reuters")
    assert list(ArticleRevision.objects.values_list("article", "number")) == [(article.pk, 1)]
    assert Article.history.count() == Outlet.history.count() == 1
    assert_running_again_changes_nothing(import_wire)


BRIDGE = (
    "The council met on Tuesday.\n\n"
    "The mayor said the new bridge cost $4 million to build.\n\n"
    "Residents complained about the noise during construction."
)
UPDATED = "Update: the cost was revised.\n\n" + BRIDGE
QUOTE = "the new bridge cost $4 million"


def staff(username, role):
    # No factory: a random name or password salt would differ between rebuilds.
    user = get_user_model().objects.create(username=username, is_staff=True, date_joined=NOW)
    user.groups.add(Group.objects.get(name=role))
    return user


class Bridge:
    """A newsroom holding one article with a claim on it, built afresh (ids
    from 1, an empty cache) by :meth:`reset`."""

    def reset(self):
        call_command("flush", interactive=False, verbosity=0)  # roles, ratings, pages come back
        cache.clear()
        self.editor = staff("editor", roles.EDITOR)
        self.import_text(BRIDGE)
        factcheck_services.claim_create(
            article=Article.objects.get(),
            quote=QUOTE,
            statement="The bridge cost $4 million.",
            acting_user=staff("checker", roles.FACT_CHECKER),
        )

    def import_text(self, body):
        return services.articles_import(
            inputs=[services.ImportInput.from_bytes("bridge.txt", body.encode())],
            acting_user=self.editor,
        )

    def import_update(self):
        return self.import_text(UPDATED)


def test_a_new_revision_and_the_claims_moved_onto_it_are_stored_together(loss):
    bridge = Bridge()
    bridge.reset()
    holding = [stored_rows()]
    bridge.import_update()
    holding.append(stored_rows())

    failures = lose_the_database_at_each_point(
        bridge.import_update, loss, raises=OperationalError, reset=bridge.reset, holding=holding
    )

    # Lost at the import's COMMIT (the first: the cache has its own after it).
    commit = next(failure for failure in failures if failure.sql == "COMMIT")
    bridge.reset()
    lose_the_database(bridge.import_update, loss, at=commit.point, raises=OperationalError)
    assert Claim.objects.get().anchored_revision == 1
    bridge.import_update()
    article = Article.objects.get()
    assert list(article.revisions.values_list("number", flat=True).order_by("number")) == [1, 2]
    claim = Claim.objects.get()
    assert (claim.anchored_revision, article.body[claim.start : claim.end]) == (2, QUOTE)
    assert_running_again_changes_nothing(bridge.import_update)


def test_a_feed_is_stored_whole_or_not_at_all(editor, loss):
    """A JSON feed is one input: the database lost anywhere in it leaves none
    of its articles, and running the import again stores all of them."""
    feed = json.loads(FEED.read_text(encoding="utf-8"))

    def import_feed(entries):
        return services.articles_import(
            inputs=[services.ImportInput.from_bytes("feed.json", json.dumps(entries).encode())],
            acting_user=editor,
        )

    # Nothing, or the whole feed.
    forget_articles()
    nothing = stored_rows()
    import_feed(feed)
    holding = [nothing, stored_rows()]
    forget_articles()

    failures = lose_the_database_at_each_point(
        lambda: import_feed(feed),
        loss,
        raises=OperationalError,
        reset=forget_articles,
        holding=holding,
        check=lambda failure: assert_every_article_is_whole(),
    )

    # One transaction for the whole feed.
    commits = [failure for failure in failures if failure.sql == "COMMIT"]
    assert [failure.commits for failure in commits] == [0]

    # Lost at the commit, the feed is imported whole by running it again.
    forget_articles()
    lose_the_database(lambda: import_feed(feed), loss, at=commits[0].point, raises=OperationalError)
    assert Article.objects.count() == 0
    report = import_feed(feed)
    assert [outcome.status for outcome in report.outcomes] == ["created"] * len(feed)
    assert ArticleRevision.objects.count() == Article.objects.count() == len(feed)
    assert_every_article_is_whole()
    assert_running_again_changes_nothing(lambda: import_feed(feed))


# The command -------------------------------------------------------------------------------


class Shell:
    """``manage.py import_articles ARGS`` as a shell runs it: a failure prints
    ``CommandError: ...`` on standard error and exits with its status. The
    last run's output stays in ``out`` and ``err``."""

    def run(self, *args):
        out, err = io.StringIO(), io.StringIO()
        try:
            Command(stdout=out, stderr=err).run_from_argv(["manage.py", "import_articles", *args])
        finally:
            self.out, self.err = out.getvalue(), err.getvalue()


@pytest.mark.parametrize("chunk", [2, services.CHUNK_INPUTS])
def test_a_failed_command_says_what_was_saved_and_leaves_no_empty_story(
    editor, loss, seeds_dir, tmp_path, monkeypatch, chunk
):
    # Each chunk of inputs is one transaction: what the database holds once
    # k of them committed is the first k chunks' files, whole.
    monkeypatch.setattr(services, "CHUNK_INPUTS", chunk)
    files = sorted(seeds_dir.glob("*.txt"))
    saved_after = [min(k * chunk, len(files)) for k in range(-(-len(files) // chunk) + 1)]
    shell = Shell()

    def folder_of_first(count):
        folder = tmp_path / f"first-{count}"
        folder.mkdir(exist_ok=True)
        for path in [seeds_dir / "manifest.toml", *files[:count]]:
            shutil.copy(path, folder / path.name)
        return str(folder)

    def import_folder(folder):
        shell.run(folder, "--user", editor.username, "--skip-checks")

    holding = []
    for count in saved_after:
        forget_articles()
        if count:
            import_folder(folder_of_first(count))
        holding.append(stored_rows())
    whole = folder_of_first(len(files))

    def says_what_was_saved(failure):
        saved = saved_after[min(failure.commits, len(saved_after) - 1)]
        assert failure.error.code == 1
        assert shell.err.startswith(
            f"CommandError: Database error after {saved} of {len(files)} inputs: "
        ), shell.err
        assert "Traceback" not in shell.err
        assert [line.split()[0] for line in shell.out.splitlines()] == ["created"] * saved
        assert_every_article_is_whole()

    failures = lose_the_database_at_each_point(
        lambda: import_folder(whole),
        loss,
        raises=SystemExit,
        reset=forget_articles,
        holding=holding,
        check=says_what_was_saved,
    )

    commits = [failure for failure in failures if failure.sql == "COMMIT"]
    assert [failure.commits for failure in commits] == list(range(len(saved_after) - 1))

    # Lost at the last chunk's commit: the chunks before it stay, it is all there once run again.
    forget_articles()
    lose_the_database(lambda: import_folder(whole), loss, at=commits[-1].point, raises=SystemExit)
    import_folder(whole)
    before_last = saved_after[-2]
    assert (
        f"{len(files) - before_last} created, 0 updated with a new revision, 0 metadata updated, "
        f"{before_last} unchanged"
    ) in shell.out
    assert Story.objects.get().articles.count() == len(files)
    assert_running_again_changes_nothing(lambda: import_folder(whole))
