"""Inside the worker: what runs next to the submission's code.

Rules of this room: it imports only the shared vocabulary (graders.*) and itself. Nothing here
knows an answer (no reference, judge, tolerance or score), since the submission can read and
rewrite all of it: a probe reports what the submission did, as plain data, and the grader
process decides. tests/test_layers.py checks that a worker imports nothing from above.
"""
