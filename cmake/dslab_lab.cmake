# Build helpers for labs (docs/labs.md is the guide): the student library and programs built from
# the student files listed once in lab.toml, the two flavours of every test binary, and the
# checks every lab gets for free (skeleton scores 0, each bug variant caught by the hidden tests).
#
# dslab_lab(<lab-id> PREFIX <p>
#           PROTOCOL <C++ type> PROTOCOL_HEADER <path from repo root>
#           NODE <C++ type> NODE_HEADER <student header>            a node lab (lab 2 on)
#           [LEADER_INPUT <C++ message type>]    its real runs get the runtime's leader detector
#           [OWN_NODE_PROGRAM])                  the lab's folder builds its own <p>_node (lab 5:
#                                                the bank over the student's lab 4)
# dslab_lab(<lab-id> PREFIX <p> PROGRAMS <target>... [PROGRAM_LIBS <libs>] [STUDENT_LIBS <libs>])
#                                                                     a programs lab (lab 1)
#   <p>_student      static library of the student's .cpp files (lab.toml student_files, taken
#                    from DSLAB_STUDENT_SOURCE)
#   <p>_host         node lab: the node-host executable (student files + runtime serve<NODE>(),
#                    from cmake/node_host_main.cpp.in)
#   <p>_node         node lab: the node program on a real network (cmake/dslab_node_program.cmake)
#   <program>...     programs lab: one executable per PROGRAMS entry <p>_<stem>, built from the
#                    lab's trusted programs/<stem>_main.cpp and the student library
#   <lab>_programs   what the grader builds from a submission in its sandbox
# At the end of the lab's folder it adds (grader tree with DSLAB_COURSE_TESTS, see
# dslab_lab_checks below):
#   <p>_skeleton_scores_zero     every public and hidden test fails against skeletons/<lab>
#   <p>_bug_caught.<name>        for every labs/<lab>/bugs/<name>/bug.patch: the hidden tests
#                                alone catch solutions/<lab> + that patch
#   <p>_bugs_table               the catch table: each variant and the hidden tests that catch it
#                                (runs after the <p>_bug_caught.* tests; ctest -L bugs)
include("${CMAKE_CURRENT_LIST_DIR}/dslab_manifest.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/dslab_node_program.cmake")
set(DSLAB_SOAK_SEEDS 20000 CACHE STRING "Seeds per randomized hidden test in the slow soak")
set(DSLAB_CMAKE_DIR "${CMAKE_CURRENT_LIST_DIR}")

function(dslab_lab lab)
  cmake_parse_arguments(ARG "OWN_NODE_PROGRAM" "PREFIX;PROTOCOL;PROTOCOL_HEADER;NODE;NODE_HEADER;LEADER_INPUT"
                        "PROGRAMS;PROGRAM_LIBS;STUDENT_LIBS" ${ARGN})
  if(ARG_UNPARSED_ARGUMENTS OR NOT ARG_PREFIX)
    message(FATAL_ERROR "dslab_lab(${lab}): needs PREFIX; unexpected: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(ARG_NODE AND ARG_PROGRAMS OR NOT ARG_NODE AND NOT ARG_PROGRAMS)
    message(FATAL_ERROR "dslab_lab(${lab}): give either NODE (a node lab) or PROGRAMS (lab 1)")
  endif()
  dslab_read_student_files("${CMAKE_CURRENT_SOURCE_DIR}/lab.toml" files)
  set(keys PREFIX PROTOCOL PROTOCOL_HEADER NODE NODE_HEADER LEADER_INPUT PROGRAMS PROGRAM_LIBS
           STUDENT_LIBS OWN_NODE_PROGRAM)
  foreach(key IN LISTS keys)
    set_property(GLOBAL PROPERTY DSLAB_LAB_${lab}_${key} "${ARG_${key}}")
  endforeach()
  set_property(GLOBAL PROPERTY DSLAB_LAB_${lab}_STUDENT_FILES "${files}")
  set_property(GLOBAL PROPERTY DSLAB_LAB_${lab}_SOURCE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")

  dslab_student_dir(${lab} student_dir)
  dslab_lab_variant(${lab} "" "${student_dir}" "${PROJECT_BINARY_DIR}/bin")
  if(ARG_NODE)
    add_custom_target(${lab}_programs DEPENDS ${ARG_PREFIX}_host)
  else()
    add_custom_target(${lab}_programs DEPENDS ${ARG_PROGRAMS})
  endif()
  if(NOT DSLAB_HOST_ONLY AND DSLAB_COURSE_TESTS)
    cmake_language(DEFER CALL dslab_lab_checks ${lab})
  endif()
endfunction()

# dslab_lab_variant(<lab> <tag> <dir> <bin-dir>): the lab's student library and programs (or
# node host) built from the student files in <dir>, the executables placed in <bin-dir> under
# the same file names as the main build, so DSLAB_STUDENT_BIN=<bin-dir> makes any test binary
# use them. Tag "" is the main build (<p>_student, <p>_host, the PROGRAMS targets); another tag
# t gives <p>_<t>_student and <p>_<t>_host / <program>_<t>.
# The main build compiles each .cpp in an object library of its own (<p>_o_<file>); a variant
# takes those objects for the .cpp files it has byte for byte the same as the main build, when
# every header is the same too (dslab_reusable_objects): a bug variant changes one file, so it
# compiles one file instead of all (most of the build's time went to the variants).
function(dslab_lab_variant lab tag dir bin_dir)
  foreach(key PREFIX NODE NODE_HEADER LEADER_INPUT PROGRAMS PROGRAM_LIBS STUDENT_LIBS STUDENT_FILES
              SOURCE_DIR OWN_NODE_PROGRAM)
    get_property(${key} GLOBAL PROPERTY DSLAB_LAB_${lab}_${key})
  endforeach()
  set(suffix "")
  if(NOT tag STREQUAL "")
    set(suffix "_${tag}")
  endif()
  dslab_student_sources("${STUDENT_FILES}" "${dir}" sources)
  set(lib ${PREFIX}${suffix}_student)
  set(same_headers FALSE)
  if(tag STREQUAL "")
    dslab_lab_objects(${lab} "${dir}" "${sources}" sources)
  else()
    dslab_reusable_objects(${lab} "${dir}" "${sources}" sources same_headers)
  endif()
  add_library(${lib} STATIC ${sources})
  target_include_directories(${lib} PUBLIC "${dir}" "${PROJECT_SOURCE_DIR}")
  target_link_libraries(${lib} PUBLIC dslab_warnings ${STUDENT_LIBS})
  if(NODE)
    target_link_libraries(${lib} PUBLIC dslab_node)
    set(LAB ${lab})
    set(main "${CMAKE_CURRENT_BINARY_DIR}/${PREFIX}_host_main.cpp")
    configure_file("${DSLAB_CMAKE_DIR}/node_host_main.cpp.in" "${main}" @ONLY)
    set(host ${PREFIX}${suffix}_host)
    if(tag STREQUAL "")
      # The host's main (serve<NODE>: the codec of every message, 10-14 s to compile) as an
      # object library, which variants with the main build's headers link instead of compiling.
      add_library(${PREFIX}_host_main_o OBJECT "${main}")
      target_link_libraries(${PREFIX}_host_main_o PRIVATE ${lib} dslab_host)
      add_executable(${host} $<TARGET_OBJECTS:${PREFIX}_host_main_o>)
    elseif(same_headers)
      add_executable(${host} $<TARGET_OBJECTS:${PREFIX}_host_main_o>)
    else()
      add_executable(${host} "${main}")
    endif()
    target_link_libraries(${host} PRIVATE ${lib} dslab_host)
    set_target_properties(${host} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${bin_dir}"
                          OUTPUT_NAME ${PREFIX}_host)
    if(tag STREQUAL "" AND NOT DSLAB_HOST_ONLY AND NOT OWN_NODE_PROGRAM)
      dslab_node_program(${lab} ${PREFIX} ${lib} "${NODE}" "${NODE_HEADER}" "${LEADER_INPUT}")
    endif()
    return()
  endif()
  foreach(program IN LISTS PROGRAMS)
    string(REGEX REPLACE "^${PREFIX}_" "" stem "${program}")
    set(target ${program}${suffix})
    add_executable(${target} "${SOURCE_DIR}/programs/${stem}_main.cpp")
    target_link_libraries(${target} PRIVATE ${lib} ${PROGRAM_LIBS} dslab_warnings)
    set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${bin_dir}"
                          OUTPUT_NAME ${program})
  endforeach()
endfunction()

# dslab_lab_objects(<lab> <dir> <sources> <out>): the main build's student .cpp files, one object
# library each (<p>_o_<file>, usage requirements as the student library's); <out> gets their
# $<TARGET_OBJECTS:...> and the lab remembers <dir> as the main build's student folder.
function(dslab_lab_objects lab dir sources out)
  foreach(key PREFIX NODE STUDENT_LIBS)
    get_property(${key} GLOBAL PROPERTY DSLAB_LAB_${lab}_${key})
  endforeach()
  set(objects "")
  foreach(src IN LISTS sources)
    file(RELATIVE_PATH rel "${dir}" "${src}")
    string(MAKE_C_IDENTIFIER "${rel}" id)
    set(target ${PREFIX}_o_${id})
    add_library(${target} OBJECT "${src}")
    target_include_directories(${target} PRIVATE "${dir}" "${PROJECT_SOURCE_DIR}")
    target_link_libraries(${target} PRIVATE dslab_warnings ${STUDENT_LIBS})
    if(NODE)
      target_link_libraries(${target} PRIVATE dslab_node)
    endif()
    list(APPEND objects "$<TARGET_OBJECTS:${target}>")
  endforeach()
  set_property(GLOBAL PROPERTY DSLAB_LAB_${lab}_MAIN_DIR "${dir}")
  set(${out} "${objects}" PARENT_SCOPE)
endfunction()

# dslab_reusable_objects(<lab> <dir> <sources> <out> <same-headers>): <sources> (the .cpp files
# of <dir>) with each file that is byte for byte the main build's replaced by the main build's
# object, provided every student header of <dir> is the main build's too (else a .cpp could
# compile differently); <same-headers> says whether they are (then the node host's main object
# is reusable as well). The main build's files are configure dependencies: an edit re-decides.
function(dslab_reusable_objects lab dir sources out same_headers)
  foreach(key PREFIX STUDENT_FILES MAIN_DIR)
    get_property(${key} GLOBAL PROPERTY DSLAB_LAB_${lab}_${key})
  endforeach()
  set(${out} "${sources}" PARENT_SCOPE)
  set(${same_headers} FALSE PARENT_SCOPE)
  if(NOT MAIN_DIR)
    return()
  endif()
  set(same "")
  foreach(f IN LISTS STUDENT_FILES)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${MAIN_DIR}/${f}")
    file(SHA256 "${dir}/${f}" mine)
    file(SHA256 "${MAIN_DIR}/${f}" main)
    if(mine STREQUAL main)
      list(APPEND same "${f}")
    elseif(NOT f MATCHES "\\.cpp$")
      return()  # a header differs: compile every .cpp of <dir>
    endif()
  endforeach()
  set(result "")
  foreach(src IN LISTS sources)
    file(RELATIVE_PATH rel "${dir}" "${src}")
    if(rel IN_LIST same)
      string(MAKE_C_IDENTIFIER "${rel}" id)
      list(APPEND result "$<TARGET_OBJECTS:${PREFIX}_o_${id}>")
    else()
      list(APPEND result "${src}")
    endif()
  endforeach()
  set(${out} "${result}" PARENT_SCOPE)
  set(${same_headers} TRUE PARENT_SCOPE)
endfunction()

# dslab_lab_tests(<lab-id> <name> [HIDDEN] SOURCES <test .cpp files> [LIBS <extra libs>])
#   <name>            local binary: what `dslab test` and ctest run. Node lab: student code
#                     linked, in-process engine (DSLAB_ENGINE=nodehost switches to the node host)
#   <name>_isolated   grader binary: no student code linked; node lab: always the node host
#   <name>_soak       HIDDEN node lab: ctest test (label soak) running <name>_isolated with
#                     DSLAB_SEEDS=${DSLAB_SOAK_SEEDS} (20,000): ctest --preset soak
# A programs lab links no student code in either (its tests spawn the programs), so the two
# are the same trusted executable.
function(dslab_lab_tests lab name)
  if(DSLAB_HOST_ONLY)
    return()
  endif()
  cmake_parse_arguments(ARG "HIDDEN" "" "SOURCES;LIBS" ${ARGN})
  foreach(key PREFIX PROTOCOL PROTOCOL_HEADER NODE NODE_HEADER PROGRAMS)
    get_property(${key} GLOBAL PROPERTY DSLAB_LAB_${lab}_${key})
  endforeach()
  if(NOT PREFIX)
    message(FATAL_ERROR "dslab_lab_tests(${lab} ${name}): call dslab_lab(${lab} ...) first")
  endif()
  add_library(${name}_objs OBJECT ${ARG_SOURCES})
  target_link_libraries(${name}_objs PUBLIC dslab_testing GTest::gtest ${ARG_LIBS}
                        PRIVATE dslab_warnings)
  dslab_test_code(${name}_objs)
  target_compile_definitions(${name}_objs PRIVATE DSLAB_LAB="${lab}")
  if(NODE)
    target_link_libraries(${name}_objs PUBLIC dslab_sim dslab_host)
  endif()

  foreach(mode local isolated)
    if(mode STREQUAL "local")
      set(target ${name})
    else()
      set(target ${name}_isolated)
    endif()
    if(NODE)
      dslab_lab_engine_objects(${lab} ${mode} engine)
      add_executable(${target} $<TARGET_OBJECTS:${engine}>)
      if(mode STREQUAL "local")
        target_link_libraries(${target} PRIVATE ${PREFIX}_student)
      endif()
      add_dependencies(${target} ${PREFIX}_host)
    else()
      add_executable(${target})  # the objects come from linking ${name}_objs
      add_dependencies(${target} ${PROGRAMS})
    endif()
    target_link_libraries(${target} PRIVATE ${name}_objs GTest::gtest_main dslab_warnings)
    set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/bin")
  endforeach()
  set(visibility public)
  if(ARG_HIDDEN)
    set(visibility hidden)
  endif()
  set_property(GLOBAL APPEND PROPERTY DSLAB_LAB_${lab}_TESTS_${visibility} ${name}_isolated)
  dslab_discover_tests(${name} ${lab} ${visibility})
  # The soak (label soak, excluded by every test preset but `soak`; "slow" already names tests
  # ci/test runs): the hidden tests as graded (node host), 20,000 seeds per randomized test.
  if(ARG_HIDDEN AND NODE)
    add_test(NAME ${name}_soak COMMAND ${name}_isolated)
    set_tests_properties(${name}_soak PROPERTIES LABELS "${lab};soak" TIMEOUT 7200
                         ENVIRONMENT "DSLAB_SEEDS=${DSLAB_SOAK_SEEDS}")
  endif()
endfunction()

# dslab_lab_engine_objects(<lab> local|isolated <out>): the object library <p>_engine_<mode>_o
# holding the engine factory of the lab's tests (cmake/lab_engine.cpp.in: the node host, and in
# the local build the in-process engine of the student's node), made once per lab and mode: the
# public and the hidden tests link the same one (12-24 s of compile time per copy). <out> gets
# its name.
function(dslab_lab_engine_objects lab mode out)
  foreach(key PREFIX PROTOCOL PROTOCOL_HEADER NODE NODE_HEADER)
    get_property(${key} GLOBAL PROPERTY DSLAB_LAB_${lab}_${key})
  endforeach()
  set(engine ${PREFIX}_engine_${mode}_o)
  set(${out} ${engine} PARENT_SCOPE)
  if(TARGET ${engine})
    return()
  endif()
  set(LAB ${lab})
  set(MODE ${mode})
  set(DSLAB_LOCAL_BUILD 0)
  if(mode STREQUAL "local")
    set(DSLAB_LOCAL_BUILD 1)
  endif()
  set(source "${CMAKE_CURRENT_BINARY_DIR}/${PREFIX}_${mode}_engine.cpp")
  configure_file("${DSLAB_CMAKE_DIR}/lab_engine.cpp.in" "${source}" @ONLY)
  add_library(${engine} OBJECT "${source}")
  target_link_libraries(${engine} PRIVATE dslab_testing dslab_sim dslab_host dslab_warnings)
  dslab_test_code(${engine})
  if(mode STREQUAL "local")
    target_link_libraries(${engine} PRIVATE ${PREFIX}_student)
  endif()
  target_compile_definitions(${engine} PRIVATE DSLAB_LAB_HOST="$<TARGET_FILE:${PREFIX}_host>")
endfunction()

# Deferred to the end of the lab's CMakeLists.txt by dslab_lab (the test binaries exist then).
# Only where the grader-side material is present: a solution to patch, the skeleton, the bugs.
function(dslab_lab_checks lab)
  foreach(key PREFIX STUDENT_FILES SOURCE_DIR TESTS_public TESTS_hidden)
    get_property(${key} GLOBAL PROPERTY DSLAB_LAB_${lab}_${key})
  endforeach()
  set(variants "${PROJECT_BINARY_DIR}/bin/${lab}-variants")

  # The skeleton must earn 0 points whatever DSLAB_STUDENT_SOURCE says.
  set(skeleton_dir "${PROJECT_SOURCE_DIR}/skeletons/${lab}")
  if(IS_DIRECTORY "${skeleton_dir}" AND NOT DSLAB_STUDENT_SOURCE STREQUAL "skeletons"
     AND (TESTS_public OR TESTS_hidden))
    dslab_lab_variant(${lab} skeleton "${skeleton_dir}" "${variants}/skeleton")
    dslab_lab_check_test(${PREFIX}_skeleton_scores_zero zero "${variants}/skeleton"
                         "${TESTS_public};${TESTS_hidden}" ${lab} skeleton)
  endif()

  # Bug variants: solutions/<lab> + bugs/<name>/bug.patch, caught by the hidden tests alone.
  file(GLOB patches "${SOURCE_DIR}/bugs/*/bug.patch")
  set(solution_dir "${PROJECT_SOURCE_DIR}/solutions/${lab}")
  if(NOT patches OR NOT IS_DIRECTORY "${solution_dir}")
    return()
  endif()
  if(NOT TESTS_hidden)
    message(STATUS "dslab: ${lab}: bug variants not checked (no hidden tests in this build)")
    return()
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${SOURCE_DIR}/bugs")
  set(results "${PROJECT_BINARY_DIR}/bugs-verdicts/${lab}")
  set(bugs "")
  set(checks "")
  foreach(patch_file IN LISTS patches)
    get_filename_component(dir "${patch_file}" DIRECTORY)
    get_filename_component(bug "${dir}" NAME)
    string(MAKE_C_IDENTIFIER "${bug}" id)
    set(merged "${CMAKE_CURRENT_BINARY_DIR}/bugs/${bug}")
    dslab_apply_bug(${lab} "${bug}" "${patch_file}" "${solution_dir}" "${STUDENT_FILES}" "${merged}")
    dslab_lab_variant(${lab} bug_${id} "${merged}" "${variants}/bug-${bug}")
    dslab_lab_check_test(${PREFIX}_bug_caught.${bug} caught "${variants}/bug-${bug}"
                         "${TESTS_hidden}" ${lab} ${bug} "${results}/${bug}.json")
    list(APPEND bugs "${bug}")
    list(APPEND checks "${PREFIX}_bug_caught.${bug}")
  endforeach()
  dslab_lab_bugs_table(${lab} ${PREFIX}_bugs_table "${bugs}" "${checks}" "${results}"
                       "${TESTS_hidden}")
endfunction()

# dslab_lab_bugs_table(<lab> <test> <bugs> <check tests> <verdict dir> <hidden test targets>):
# the ctest test printing the lab's catch table (cmake/bugs_table.cmake) from the verdicts the
# check tests write; it runs after them (DEPENDS orders, it does not pull them in).
function(dslab_lab_bugs_table lab test bugs checks results test_targets)
  set(binaries "")
  foreach(t IN LISTS test_targets)
    list(APPEND binaries "$<TARGET_FILE:${t}>")
  endforeach()
  list(JOIN binaries "," binaries)
  list(JOIN bugs "," variants)
  add_test(NAME ${test}
           COMMAND ${CMAKE_COMMAND} "-DLAB=${lab}" "-DVARIANTS=${variants}" "-DRESULTS=${results}"
                   "-DBINARIES=${binaries}" "-DFULL=${DSLAB_BUGS_FULL}"
                   -P "${DSLAB_CMAKE_DIR}/bugs_table.cmake")
  set_tests_properties(${test} PROPERTIES LABELS "${lab};bugs;bugs_table" DEPENDS "${checks}")
endfunction()

# dslab_lab_check_test(<test> zero|caught <bin-dir> <test targets> <lab> <what> [<verdict>]): a
# ctest test running the test binaries with DSLAB_STUDENT_BIN=<bin-dir>
# (cmake/expect_failures.cmake); a caught check writes its verdict (JSON) to <verdict>, and
# stops at its first catching test unless DSLAB_BUGS_FULL is ON. Stopping so, it first runs the
# first 10 seeds of each randomized test, and every seed only when those catch nothing.
# DSLAB_BUGS_FULL: a caught check runs every hidden test against its variant (the whole catch
# table); by default it stops at the first test that catches the variant.
option(DSLAB_BUGS_FULL "bug checks run every hidden test (full catch table), not just to the first catch" OFF)
function(dslab_lab_check_test test kind bin_dir test_targets lab what)
  set(verdict "")
  if(ARGC GREATER 6)
    set(verdict "-DRESULT=${ARGV6}")
  endif()
  if(kind STREQUAL "caught" AND NOT DSLAB_BUGS_FULL)
    list(APPEND verdict "-DFIRST_CATCH=ON")  # stop at the first catching test (ci/test's time)
  endif()
  set(binaries "")
  foreach(t IN LISTS test_targets)
    list(APPEND binaries "$<TARGET_FILE:${t}>")
  endforeach()
  list(JOIN binaries "," binaries)
  add_test(NAME ${test}
           COMMAND ${CMAKE_COMMAND} "-DTESTS=${binaries}" "-DSTUDENT_BIN=${bin_dir}"
                   "-DEXPECT=${kind}" "-DWHAT=${lab} ${what}"
                   "-DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/checks/${test}" ${verdict}
                   -P "${DSLAB_CMAKE_DIR}/expect_failures.cmake")
  set_tests_properties(${test} PROPERTIES LABELS "${lab};bugs" TIMEOUT 900)
endfunction()

# dslab_apply_bug(<lab> <bug> <patch> <solution-dir> <files> <merged-dir>): <merged-dir> holds
# the solution's student files with the patch applied (GNU patch --fuzz=0). A patch that no
# longer applies stops the configure step. Files are rewritten only when their text changes, so
# a re-configure does not rebuild every bug.
function(dslab_apply_bug lab bug patch_file solution_dir files merged)
  find_program(DSLAB_PATCH_PROGRAM patch)
  if(NOT DSLAB_PATCH_PROGRAM)
    message(FATAL_ERROR "dslab: ${lab}: GNU patch is needed for the bug variants "
                        "(ci/setup installs it: apt-get install patch)")
  endif()
  set(stage "${CMAKE_CURRENT_BINARY_DIR}/bugs-stage/${bug}")
  file(REMOVE_RECURSE "${stage}")
  file(MAKE_DIRECTORY "${stage}" "${merged}")
  foreach(f IN LISTS files)
    get_filename_component(sub "${f}" DIRECTORY)
    file(MAKE_DIRECTORY "${stage}/${sub}" "${merged}/${sub}")
    file(COPY_FILE "${solution_dir}/${f}" "${stage}/${f}")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${solution_dir}/${f}")
  endforeach()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${patch_file}")
  execute_process(
    COMMAND "${DSLAB_PATCH_PROGRAM}" --batch --forward --fuzz=0 --no-backup-if-mismatch
            --reject-file=- -p1 -d "${stage}" -i "${patch_file}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    file(RELATIVE_PATH rel "${PROJECT_SOURCE_DIR}" "${patch_file}")
    message(FATAL_ERROR "dslab: ${rel} no longer applies to solutions/${lab} "
                        "(regenerate it: docs/labs.md, \"Bug variants\"):\n${out}")
  endif()
  foreach(f IN LISTS files)
    file(COPY_FILE "${stage}/${f}" "${merged}/${f}" ONLY_IF_DIFFERENT)
  endforeach()
endfunction()

# The student_files reader's own tests (cmake/tests/manifest_reader_test.cmake).
if(NOT DSLAB_HOST_ONLY)
  add_test(NAME cmake_manifest_reader
           COMMAND ${CMAKE_COMMAND} -DWORK_DIR=${PROJECT_BINARY_DIR}/cmake-tests/manifest_reader
                   -P "${CMAKE_CURRENT_LIST_DIR}/tests/manifest_reader_test.cmake")
  set_tests_properties(cmake_manifest_reader PROPERTIES LABELS "runtime")
  add_test(NAME cmake_bugs_table
           COMMAND ${CMAKE_COMMAND} -DWORK_DIR=${PROJECT_BINARY_DIR}/cmake-tests/bugs_table
                   -P "${CMAKE_CURRENT_LIST_DIR}/tests/bugs_table_test.cmake")
  set_tests_properties(cmake_bugs_table PROPERTIES LABELS "runtime")
  add_test(NAME cmake_expect_failures
           COMMAND ${CMAKE_COMMAND} -DWORK_DIR=${PROJECT_BINARY_DIR}/cmake-tests/expect_failures
                   -P "${CMAKE_CURRENT_LIST_DIR}/tests/expect_failures_test.cmake")
  set_tests_properties(cmake_expect_failures PROPERTIES LABELS "runtime")
endif()
