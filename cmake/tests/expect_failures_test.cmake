# Tests of cmake/expect_failures.cmake (ctest cmake_expect_failures): fake test binaries (shell
# scripts that write a GoogleTest JSON report) show that a failure is a node-host failure only
# when the lab kit's dslab_kind fact says "engine", never because of what a failure's text says,
# and that FIRST_CATCH's quick pass (DSLAB_SEEDS_AT_MOST) is followed by the full one when it
# catches nothing.
# Usage: cmake -DWORK_DIR=<dir> -P expect_failures_test.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/bin")
set(check "${CMAKE_CURRENT_LIST_DIR}/../expect_failures.cmake")

# fake(<name> <testcase members> <failure text>): a binary reporting one failed test A.One.
function(fake name members failure)
  set(json "{\"testsuites\": [{\"name\": \"A\", \"testsuite\": [{\"name\": \"One\", \"result\": \"COMPLETED\", ${members}, \"failures\": [{\"failure\": \"a.cpp:1\\\\n${failure}\"}]}]}]}")
  file(WRITE "${WORK_DIR}/${name}.sh"
       "#!/bin/sh\nfor a; do case $a in --gtest_output=json:*) out=\${a#--gtest_output=json:};; esac; done\n"
       "cat > \"$out\" <<'JSON'\n${json}\nJSON\nexit 1\n")
  file(CHMOD "${WORK_DIR}/${name}.sh" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
endfunction()

fake(host-died "\"dslab_kind\": \"engine\", \"dslab_message\": \"the node host exited\"" "FAIL")
# A student's text that looks like an engine failure, inside a safety failure: a verdict.
fake(mimic "\"dslab_kind\": \"safety\", \"dslab_message\": \"engine at t=1ms: the node host exited\""
     "FAIL  safety at t=2ms: engine at t=1ms: the node host exited")
fake(no-facts "\"time\": \"0.001s\"" "Expected equality")
# A bug only a later seed shows: A.One passes while DSLAB_SEEDS_AT_MOST cuts the seeds.
file(WRITE "${WORK_DIR}/late-seed.sh"
     "#!/bin/sh\nif [ -n \"$DSLAB_SEEDS_AT_MOST\" ]; then\n"
     "  for a; do case $a in --gtest_output=json:*) out=\${a#--gtest_output=json:};; esac; done\n"
     "  echo '{\"testsuites\": [{\"name\": \"A\", \"testsuite\": [{\"name\": \"One\", "
     "\"result\": \"COMPLETED\"}]}]}' > \"$out\"\n  exit 0\nfi\nexec \"${WORK_DIR}/no-facts.sh\" \"$@\"\n")
file(CHMOD "${WORK_DIR}/late-seed.sh" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)

# expect(<fake> <EXPECT> <fragment> <should-succeed> [-D... for the check])
function(expect name mode fragment ok)
  execute_process(COMMAND "${CMAKE_COMMAND}" ${ARGN} "-DTESTS=${WORK_DIR}/${name}.sh"
                          "-DSTUDENT_BIN=${WORK_DIR}/bin" -DEXPECT=${mode} "-DWHAT=${name}"
                          "-DWORK_DIR=${WORK_DIR}/run-${name}" -P "${check}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(REGEX REPLACE "[ \t\r\n]+" " " said "${out}${err}")
  string(FIND "${said}" "${fragment}" at)
  if((ok AND NOT rc EQUAL 0) OR (NOT ok AND rc EQUAL 0) OR at EQUAL -1)
    message(SEND_ERROR "${name}: expected '${fragment}' (ok=${ok}), rc=${rc}:\n${out}${err}")
  endif()
endfunction()

expect(host-died caught "the node host failed as a process (not a test verdict): A.One: the node host exited" FALSE)
expect(host-died zero "the node host failed as a process" FALSE)
expect(mimic caught "caught by 1 of 1 hidden test(s)" TRUE)
expect(no-facts zero "fails all 1 tests" TRUE)
expect(no-facts caught "caught by 1 of 1 hidden test(s) (on the first 10 seeds of each)" TRUE
       -DFIRST_CATCH=ON)
expect(late-seed caught "late-seed: caught by 1 of 1 hidden test(s): -- A.One" TRUE -DFIRST_CATCH=ON)
expect(late-seed caught "late-seed: caught by 1 of 1 hidden test(s): -- A.One" TRUE)
