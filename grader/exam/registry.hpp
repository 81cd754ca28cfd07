// The labs the exam harness can run: each lab's binding.cpp (labs/<lab>/exam/) registers its
// protocol, node-host program and binding here at static initialisation.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "grader/exam/binding.hpp"
#include "grader/exam/cluster.hpp"
#include "grader/exam/cluster_session.hpp"
#include "runtime/host/host_engine.hpp"

namespace dslab::exam {

/// One lab the harness knows.
struct LabEntry {
  std::string lab;           ///< "lab3-paxos"
  std::string host_program;  ///< the node host's file name in the build's bin/ ("lab3_host")
  /// A cluster whose nodes run in the node host `options` describe.
  std::function<std::unique_ptr<Cluster>(const host::HostOptions& options)> make;
};

/// Every registered lab, sorted by id. Read after static initialisation only.
const std::vector<LabEntry>& registered_labs();
/// The entry of `lab`, or nullptr.
const LabEntry* find_lab(const std::string& lab);

/// Registers a lab: `static const dslab::exam::LabRegistration reg{host_lab<P>(...)};`.
struct LabRegistration {
  explicit LabRegistration(LabEntry entry);
};

/// The entry of a node lab whose nodes run in `host_program`, with `binding`'s additions.
template <node::Protocol P>
LabEntry host_lab(std::string lab, std::string host_program,
                  std::function<LabBinding<P>()> binding) {
  return LabEntry{std::move(lab), std::move(host_program),
                  [binding](const host::HostOptions& options) {
                    return std::unique_ptr<Cluster>(std::make_unique<ClusterSession<P>>(
                        std::make_unique<host::HostEngine<P>>(options), binding()));
                  }};
}

}  // namespace dslab::exam
