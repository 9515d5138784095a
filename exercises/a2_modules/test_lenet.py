"""Checks for lenet.py. Run them:  pytest exercises/a2_modules/test_lenet.py"""

from graders.checks.a2_modules import lenet
from graders.frontends.pytest_plugin import checks_as_tests

test_lenet = checks_as_tests(lenet)
