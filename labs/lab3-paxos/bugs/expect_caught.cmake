# Runs the hidden tests of lab 3 against one buggy node host and requires them to fail.
# Prints which tests caught the bug. A failure of the engine itself (the host could not start,
# crashed or hung) does not count as catching the bug: it would fail every test for the wrong
# reason.
# Usage: cmake -DTESTS=<lab3_hidden_isolated> -DHOST=<bug host> -DBUG=<name> -P expect_caught.cmake
set(ENV{DSLAB_HOST} "${HOST}")
unset(ENV{DSLAB_SEED})
execute_process(COMMAND "${TESTS}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REGEX MATCHALL "\\[  FAILED  \\] [A-Za-z0-9_]+\\.[A-Za-z0-9_]+ \\([0-9]+ ms\\)" failed "${out}")
list(LENGTH failed caught)
if(rc EQUAL 0 OR caught EQUAL 0)
  message(FATAL_ERROR "bug ${BUG} NOT caught: the hidden tests pass against it (rc=${rc})")
endif()
if(out MATCHES "engine at t=" OR NOT EXISTS "${HOST}")
  message(FATAL_ERROR "bug ${BUG}: the node host failed as a process (not a caught bug); "
                      "output:\n${out}\n${err}")
endif()
message(STATUS "bug ${BUG} caught by ${caught} hidden test(s):")
foreach(line IN LISTS failed)
  string(REGEX REPLACE " \\([0-9]+ ms\\)" "" line "${line}")
  string(REPLACE "[  FAILED  ] " "  " line "${line}")
  message(STATUS "${line}")
endforeach()
