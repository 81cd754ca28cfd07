#!/bin/sh
# Hostile lab-2 submission "sparse-file" (grader/hostile/README.md): a student file extended by
# a 2 GiB hole (a few bytes in a git pack; copied, it costs 2 GiB of the grader's disk). Run by
# the driver in the submission's root.
set -eu
truncate -s 2G lab2-detector/node.cpp
