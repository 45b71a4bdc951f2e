"""Run by test_two_runs_at_once_on_sqlite_on_disk in a process of its own: two runs of one
assessment at once, on an on-disk SQLite database set up as kaohe.settings sets it up for
production (WAL, IMMEDIATE, a busy timeout). The test run's own SQLite database lives in
memory with a shared cache, where a second writer fails at once ("table is locked") instead
of waiting, so the case cannot be run there. Prints one JSON line: what two_runs_at_once saw, which
test_runs_and_stage_moves_take_turns also calls in-process on PostgreSQL."""

import json
import threading


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)

    from kaohe.assessments.services import assessment_open, scheme_version_store
    from kaohe.scoring import Period, load_scheme
    from tests.conftest import build_world
    from tests.schemes import CYCLE_SCHEME

    world = build_world()
    version = scheme_version_store(scheme=load_scheme(CYCLE_SCHEME), source=CYCLE_SCHEME)
    cycle = assessment_open(
        scheme_version=version, organization=world.gb_a, period=Period("year", 2025), by=None
    )
    connections.close_all()  # each thread opens its own connection
    print(json.dumps(two_runs_at_once(cycle.pk)))


def two_runs_at_once(assessment_pk: int) -> dict:
    """Compute the assessment in two threads, the second starting while the first holds its
    transaction: what happened, as the tests compare it."""
    from django.db import connections, transaction

    from kaohe.assessments.models import Assessment, AssessmentRun
    from kaohe.assessments.services import assessment_compute

    first_has_stored, release_first = threading.Event(), threading.Event()
    errors: list[str] = []

    def first():
        try:
            with transaction.atomic():
                assessment_compute(assessment=Assessment.objects.get(pk=assessment_pk), by=None)
                first_has_stored.set()
                release_first.wait(10)
        except Exception as error:  # reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    def second():
        try:
            assessment_compute(assessment=Assessment.objects.get(pk=assessment_pk), by=None)
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    one = threading.Thread(target=first)
    one.start()
    stored = first_has_stored.wait(10)
    two = threading.Thread(target=second)
    two.start()
    two.join(0.5)
    second_waited = two.is_alive()
    release_first.set()
    one.join(10)
    two.join(25)
    return {
        "first_stored": stored,
        "second_waited": second_waited,
        "second_finished": not two.is_alive(),
        "errors": errors,
        "runs": AssessmentRun.objects.filter(assessment=assessment_pk).count(),
    }


if __name__ == "__main__":
    main()
