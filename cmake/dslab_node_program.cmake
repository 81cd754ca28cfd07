# The node program of a node lab (lab 2 on) on a real network: the student library of the main
# build (DSLAB_STUDENT_SOURCE: solutions, skeletons or a submission) and the runtime's real-network
# main (runtime/net/node_process.hpp), from cmake/node_program_main.cpp.in.
#
# dslab_node_program(<lab> <prefix> <student library> <node type> <node header> <leader input>)
#   <prefix>_node   bin/<prefix>_node --id N --cluster FILE [--data-dir DIR] [--log-level L]
# <leader input> is the lab's leader-notification message type (e.g. lab3::Leader): the runtime's
# heartbeat leader detector sends it from kEnvironment, as the simulator's oracle does. Empty: no
# detector. Skipped where the runtime has no real-network engine (the prebuilt sandbox runtime).
function(dslab_node_program lab prefix lib node node_header leader_input)
  if(NOT TARGET dslab_net)
    return()
  endif()
  set(LAB ${lab})
  set(NODE ${node})
  set(NODE_HEADER ${node_header})
  set(LEADER_INPUT "dslab::net::NoLeaderInput")
  if(leader_input)
    set(LEADER_INPUT "${leader_input}")
  endif()
  set(main "${CMAKE_CURRENT_BINARY_DIR}/${prefix}_node_main.cpp")
  configure_file("${DSLAB_CMAKE_DIR}/node_program_main.cpp.in" "${main}" @ONLY)
  add_executable(${prefix}_node "${main}")
  target_link_libraries(${prefix}_node PRIVATE ${lib} dslab_net)
  set_target_properties(${prefix}_node PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/bin")
endfunction()

# dslab_lab_real_test(<lab> <prefix>): <prefix>_real_test, the lab's tests/real/cluster_test.cpp
# run against the reference solution's node program as real processes on loopback (ctest label
# "real"; runtime/net/testing/cluster_fixture.hpp). Only in a build of the solutions.
function(dslab_lab_real_test lab prefix)
  if(NOT TARGET ${prefix}_node OR NOT DSLAB_STUDENT_SOURCE STREQUAL "solutions")
    return()
  endif()
  dslab_add_test(${prefix}_real_test SOURCES tests/real/cluster_test.cpp LIBS dslab_net
                 LABELS "${lab};real")
  target_compile_definitions(${prefix}_real_test PRIVATE
                             DSLAB_NODE_PROGRAM="$<TARGET_FILE:${prefix}_node>")
  add_dependencies(${prefix}_real_test ${prefix}_node)
endfunction()
