# Tests of cmake/bugs_table.cmake (ctest cmake_bugs_table): verdicts written as
# expect_failures.cmake writes them give a table that passes when every variant is caught, and
# fails naming the variant when one escapes, has no verdict, or has a verdict older than the
# binaries. Usage: cmake -DWORK_DIR=<dir> -P bugs_table_test.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/verdicts")
set(table "${CMAKE_CURRENT_LIST_DIR}/../bugs_table.cmake")
set(binary "${WORK_DIR}/hidden_isolated")
file(WRITE "${binary}" "")
# The verdicts must be newer than the binary (as after ctest -L bugs): date the binary back.
execute_process(COMMAND touch -d "@0" "${binary}")
set(v "${WORK_DIR}/verdicts")
file(WRITE "${v}/caught-twice.json" "{\"caught_by\": [\"A.One\", \"B.Two\"], \"passed\": []}\n")
file(WRITE "${v}/caught-once.json" "{\"caught_by\": [\"B.Two\"], \"passed\": [\"A.One\"]}\n")
file(WRITE "${v}/escapes.json" "{\"caught_by\": [], \"passed\": [\"A.One\", \"B.Two\"]}\n")

# expect(<variants> <fragment> <should-succeed>)
function(expect variants fragment ok)
  execute_process(COMMAND "${CMAKE_COMMAND}" -DLAB=labX "-DVARIANTS=${variants}"
                          "-DRESULTS=${v}" "-DBINARIES=${binary}" -P "${table}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(REGEX REPLACE "[ \t\r\n]+" " " said "${out}${err}")
  string(FIND "${said}" "${fragment}" at)
  if((ok AND NOT rc EQUAL 0) OR (NOT ok AND rc EQUAL 0) OR at EQUAL -1)
    message(SEND_ERROR "${variants}: expected '${fragment}' (ok=${ok}), rc=${rc}:\n${out}${err}")
  endif()
endfunction()

expect("caught-twice,caught-once" "2 of 2 bug variants caught" TRUE)
expect("caught-twice,caught-once" "[1] A.One [2] B.Two" TRUE)
expect("caught-twice,caught-once" "caught-once . x 1 test(s)" TRUE)
expect("caught-twice,caught-once" "(caught) 1 2" TRUE)
expect("caught-twice,escapes" "escapes . . ESCAPES" FALSE)
expect("caught-twice,missing" "missing NO VERDICT" FALSE)
execute_process(COMMAND touch -d "2999-01-01" "${binary}")  # the binaries were rebuilt since
expect("caught-twice" "caught-twice STALE" FALSE)
