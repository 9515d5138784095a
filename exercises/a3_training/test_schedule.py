"""Checks for schedule.py. Run them:  pytest exercises/a3_training/test_schedule.py"""

from graders.checks.a3_training import schedule
from graders.frontends.pytest_plugin import checks_as_tests

test_schedule = checks_as_tests(schedule)
