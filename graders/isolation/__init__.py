"""The isolation engine: a submission read as untrusted data, and the process that runs it.

Rules of this room: a submission is bytes until the screen has read it (staging,
notebook_reader, screen); its code runs only in a worker forked by the zygote and confined by
the sandbox, cgroups and rlimits before it imports anything (sandbox, cgroups, worker, zygote);
the grader talks to a worker only through the channel, counts its CPU time, never the
grader's, and signals it by pidfd or cgroup, never by a number that can be reused (launch).
Nothing here knows an answer either: it imports graders.inside and the vocabulary only.
"""
