# Host-only builds (the grader's sandboxed build of a submission) link the runtime libraries of
# the grader's own trusted build instead of compiling them again: same sources, same compiler,
# and the student build shrinks to the student's files and the host main.
# DSLAB_PREBUILT_RUNTIME is that build's root; its runtime/ folder is bound read-only into the
# sandbox at the same path.
function(dslab_import_runtime_library name folder)
  set(file "${DSLAB_PREBUILT_RUNTIME}/runtime/${folder}/lib${name}.a")
  if(NOT EXISTS "${file}")
    message(FATAL_ERROR "dslab: prebuilt runtime library missing: ${file}")
  endif()
  add_library(${name} STATIC IMPORTED GLOBAL)
  set_target_properties(${name} PROPERTIES IMPORTED_LOCATION "${file}"
                        INTERFACE_INCLUDE_DIRECTORIES "${PROJECT_SOURCE_DIR}"
                        INTERFACE_LINK_LIBRARIES "${ARGN}")
endfunction()

dslab_import_runtime_library(dslab_env env)
dslab_import_runtime_library(dslab_codec codec nlohmann_json::nlohmann_json)
dslab_import_runtime_library(dslab_random random dslab_codec)
dslab_import_runtime_library(dslab_node node "dslab_codec;dslab_random;fmt::fmt")
dslab_import_runtime_library(dslab_trace trace "dslab_codec;dslab_node;fmt::fmt")
dslab_import_runtime_library(dslab_ipc ipc "Threads::Threads;dslab_env")
add_library(dslab_engine INTERFACE)
target_include_directories(dslab_engine INTERFACE ${PROJECT_SOURCE_DIR})
target_link_libraries(dslab_engine INTERFACE dslab_node dslab_codec)
dslab_import_runtime_library(dslab_sim sim "dslab_engine;dslab_trace;dslab_random;fmt::fmt")
dslab_import_runtime_library(dslab_host host "dslab_engine;dslab_ipc;dslab_codec;dslab_env;fmt::fmt")
