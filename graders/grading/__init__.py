"""Grading: the one path every front end takes to run checks on a submission.

Rules of this room: the service (checks on a worker, statuses, scores) is the same for pytest,
`torchkata grade`, `watch` and the notebooks, so the same code gets the same grade everywhere;
the engine grades a whole submission into one Report. Everything the worker raises is the
submission's; only a fault of this process is a grader error.
"""
