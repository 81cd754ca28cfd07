// Entry point of the dslab command: dispatches `dslab <verb> ...` to the registered verb.
#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "grader/cli/verb.hpp"

namespace {

void print_usage(std::ostream& out) {
  out << "dslab: autograded distributed-systems labs\n\n"
      << "usage: dslab <verb> [options]    (dslab <verb> --help for each verb)\n\nverbs:\n";
  for (const auto& verb : dslab::cli::verbs()) {
    out << "  " << verb.name << std::string(verb.name.size() < 12 ? 12 - verb.name.size() : 1, ' ')
        << verb.summary << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    print_usage(std::cout);
    return argc < 2 ? 2 : 0;
  }
  const std::string name = argv[1];
  for (const auto& verb : dslab::cli::verbs()) {
    if (verb.name != name) continue;
    std::string prog = "dslab " + name;
    std::vector<char*> args{prog.data()};
    for (int i = 2; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    try {
      return verb.main(static_cast<int>(args.size()) - 1, args.data());
    } catch (const std::exception& e) {
      std::cerr << "dslab " << name << ": error: " << e.what() << "\n";
      return 2;
    }
  }
  std::cerr << "dslab: unknown verb '" << name << "'\n\n";
  print_usage(std::cerr);
  return 2;
}
