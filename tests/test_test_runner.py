"""`./sav test` reads Odoo's log strictly: a skipped tour or an install error is a failure."""

import sys

from conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "tools"))

from savctl.testrun import Outcome, read_junit, read_odoo_log

PREFIX = "2026-12-04 10:00:00,000 4242"


def outcome_of(tmp_path, *lines):
    log_path = tmp_path / "odoo.log"
    log_path.write_text("\n".join(f"{PREFIX} {line}" for line in lines) + "\n")
    outcome = Outcome("sav_request")
    read_odoo_log(outcome, log_path, "sav_request")
    return outcome


def test_clean_report_counts_passed(tmp_path):
    outcome = outcome_of(
        tmp_path,
        "INFO db odoo.tests.result: 0 failed, 0 error(s) of 7 tests when loading database 'db'",
    )
    assert (outcome.passed, outcome.failed, outcome.skipped) == (7, 0, 0)
    assert outcome.problems == []


def test_failures_and_errors_count_failed(tmp_path):
    outcome = outcome_of(
        tmp_path,
        "ERROR db odoo.addons.sav_request.tests.test_x: FAIL: TestX.test_y",
        "ERROR db odoo.tests.result: 1 failed, 2 error(s) of 9 tests when loading database 'db'",
    )
    assert (outcome.passed, outcome.failed) == (6, 3)
    assert "FAIL: TestX.test_y" in outcome.problems


def test_tour_skipped_without_browser_fails(tmp_path):
    outcome = outcome_of(
        tmp_path,
        "INFO db odoo.addons.sav_request.tests.test_tour: skipped test_tour (TestTour.test_tour)"
        " : Chrome executable not found",
        "INFO db odoo.tests.result: 0 failed, 0 error(s) of 3 tests when loading database 'db'",
    )
    assert outcome.skipped == 1
    assert outcome.failed == 1
    assert "a tour was skipped" in outcome.problems[0]


def test_error_outside_tests_fails(tmp_path):
    outcome = outcome_of(
        tmp_path,
        "ERROR db odoo.modules.loading: Some module data failed to load",
        "INFO db odoo.tests.result: 0 failed, 0 error(s) of 4 tests when loading database 'db'",
    )
    assert outcome.failed == 1
    assert outcome.problems == ["ERROR odoo.modules.loading: Some module data failed to load"]


def test_warning_about_project_model_fails(tmp_path):
    outcome = outcome_of(
        tmp_path,
        "WARNING db odoo.modules.loading: The models ['sav.thing'] have no access rules",
        "INFO db odoo.tests.result: 0 failed, 0 error(s) of 4 tests when loading database 'db'",
    )
    assert outcome.failed == 1


def test_missing_report_fails(tmp_path):
    outcome = outcome_of(tmp_path, "CRITICAL db odoo.service.server: Failed to initialize database")
    assert outcome.failed == 1
    assert outcome.problems[0].startswith("no test report")


def test_junit_failure_without_message(tmp_path):
    junit = tmp_path / "report.xml"
    junit.write_text(
        '<testsuites><testsuite tests="3" failures="1" errors="0" skipped="1">'
        '<testcase classname="tests.test_x" name="test_a"><failure message=""/></testcase>'
        '<testcase classname="tests.test_x" name="test_b"/>'
        '<testcase classname="tests.test_x" name="test_c"><skipped/></testcase>'
        "</testsuite></testsuites>"
    )
    outcome = Outcome("end-to-end")
    read_junit(outcome, junit)
    assert (outcome.passed, outcome.failed, outcome.skipped) == (1, 1, 1)
    assert outcome.problems == ["tests.test_x.test_a: "]
