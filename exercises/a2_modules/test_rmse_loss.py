"""Checks for rmse_loss.py. Run them:  pytest exercises/a2_modules/test_rmse_loss.py"""

from graders.checks.a2_modules import rmse_loss
from graders.frontends.pytest_plugin import checks_as_tests

test_rmse_loss = checks_as_tests(rmse_loss)
