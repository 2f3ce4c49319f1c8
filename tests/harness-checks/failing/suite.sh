#!/bin/sh
# One passing and one failing test: the run must fail and name the second.
echo "1..2"
echo "ok 1 this one passes"
echo "not ok 2 this one fails on purpose"
