// runtime/ipc/session.cpp: starting a child on a fresh channel and wiring its liveness probe.
#include "runtime/ipc/session.hpp"

#include <utility>

namespace dslab::ipc {

std::unique_ptr<Session> Session::start(const SessionOptions& options) {
  Channel channel(options.channel);
  SpawnOptions spawn;
  spawn.argv = options.argv;
  spawn.launcher = options.launcher;
  spawn.inherit_fds = {channel.child_fd()};  // becomes fd 3 in the child
  spawn.extra_env = options.extra_env;
  spawn.extra_env.push_back(std::string(kFdEnvVar) + "=3");
  spawn.output_limit = options.output_limit;
  spawn.die_with_parent = options.die_with_parent;
  auto child = Child::spawn(spawn);
  return std::unique_ptr<Session>(new Session(std::move(channel), std::move(child)));
}

Session::Session(Channel channel, std::unique_ptr<Child> child)
    : channel_(std::move(channel)), child_(std::move(child)) {
  Child* watched = child_.get();
  channel_.set_liveness_probe([watched]() -> std::optional<Failure> {
    if (auto status = watched->poll()) {
      return Failure{FailureKind::ChildExited,
                     "child pid " + std::to_string(watched->pid()) + " " + status->describe()};
    }
    return std::nullopt;
  });
}

ExitStatus Session::shutdown(Deadline deadline) {
  channel_.close();
  if (auto status = child_->wait_until(deadline)) return *status;
  return child_->kill();
}

}  // namespace dslab::ipc
