// Stand-alone entry point of the lincheck benchmark (the same code as `dslab bench lincheck`).
#include "runtime/lincheck/bench.hpp"

int main(int argc, char** argv) { return dslab::lincheck::bench_main(argc, argv); }
