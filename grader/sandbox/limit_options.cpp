// Parsing of dslab-limit's command line (strict: unknown flags and bad numbers are errors).
#include "grader/sandbox/limit_options.hpp"

#include <charconv>
#include <string_view>

namespace dslab::sandbox::limit {

const char* usage() {
  return "usage: dslab-limit [--cpu S] [--as BYTES] [--nproc N] [--fsize BYTES] [--nofile N]\n"
         "         [--uid U --gid G] [--keep-fd FD]... [--status-fd FD] [--wall-ms MS]\n"
         "         [--pidns] [--seccomp] [--chdir DIR] [--env NAME=VALUE]...\n"
         "         [--setup-root [--ro-bind SRC DST] [--bind SRC DST] [--symlink TARGET DST]\n"
         "                       [--tmpfs SIZE DST] [--proc DST] [--dev DST] [--dir DST]]...\n"
         "         -- PROGRAM [ARGS...]\n";
}

namespace {

bool to_u64(std::string_view text, std::uint64_t& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return !text.empty() && ec == std::errc() && ptr == end;
}

class Parser {
 public:
  Parser(int argc, char** argv) : argc_(argc), argv_(argv) {}

  bool done() const { return i_ >= argc_; }
  std::string_view next() { return argv_[i_++]; }
  bool value(std::string& out) {
    if (i_ >= argc_) return false;
    out = argv_[i_++];
    return true;
  }
  bool number(std::uint64_t& out) {
    std::string text;
    return value(text) && to_u64(text, out);
  }
  void rest(std::vector<std::string>& out) {
    while (i_ < argc_) out.emplace_back(argv_[i_++]);
  }

 private:
  int argc_;
  char** argv_;
  int i_ = 1;
};

bool parse_mount(std::string_view flag, Parser& p, Options& o) {
  using K = MountOp::Kind;
  MountOp op;
  if (flag == "--ro-bind" || flag == "--bind" || flag == "--symlink") {
    op.kind = flag == "--ro-bind" ? K::kRoBind : (flag == "--bind" ? K::kRwBind : K::kSymlink);
    if (!p.value(op.source) || !p.value(op.dest)) return false;
  } else if (flag == "--tmpfs") {
    op.kind = K::kTmpfs;
    if (!p.number(op.size) || !p.value(op.dest)) return false;
  } else {
    op.kind = flag == "--proc" ? K::kProc : (flag == "--dev" ? K::kDev : K::kDir);
    if (!p.value(op.dest)) return false;
  }
  if (op.dest.empty() || op.dest[0] != '/') return false;
  o.mounts.push_back(op);
  return true;
}

bool parse_id(Parser& p, std::optional<unsigned>& out) {
  std::uint64_t n = 0;
  if (!p.number(n) || n == 0 || n > 0xfffffffeULL) return false;  // never "drop" to root
  out = static_cast<unsigned>(n);
  return true;
}

bool parse_fd(Parser& p, int& out) {
  std::uint64_t n = 0;
  if (!p.number(n) || n > 1U << 20) return false;
  out = static_cast<int>(n);
  return true;
}

bool parse_one(std::string_view flag, Parser& p, Options& o) {
  if (flag == "--cpu") return p.number(o.cpu_seconds);
  if (flag == "--as") return p.number(o.address_space);
  if (flag == "--nproc") return p.number(o.processes);
  if (flag == "--fsize") return p.number(o.file_size);
  if (flag == "--nofile") return p.number(o.open_files);
  if (flag == "--wall-ms") return p.number(o.wall_ms);
  if (flag == "--uid") return parse_id(p, o.uid);
  if (flag == "--gid") return parse_id(p, o.gid);
  if (flag == "--status-fd") return parse_fd(p, o.status_fd);
  if (flag == "--keep-fd") {
    int fd = -1;
    if (!parse_fd(p, fd)) return false;
    o.keep_fds.push_back(fd);
    return true;
  }
  if (flag == "--chdir") return p.value(o.chdir);
  if (flag == "--env") {
    std::string kv;
    if (!p.value(kv) || kv.find('=') == std::string::npos || kv[0] == '=') return false;
    o.env.push_back(kv);
    return true;
  }
  if (flag == "--pidns") return o.pid_namespace = true;
  if (flag == "--setup-root") return o.setup_root = true;
  if (flag == "--seccomp") return o.seccomp = true;
  if (flag == "--ro-bind" || flag == "--bind" || flag == "--symlink" || flag == "--tmpfs" ||
      flag == "--proc" || flag == "--dev" || flag == "--dir") {
    return parse_mount(flag, p, o);
  }
  return false;
}

}  // namespace

Options parse_options(int argc, char** argv, std::string& error) {
  Options o;
  Parser p(argc, argv);
  error.clear();
  while (!p.done()) {
    std::string_view flag = p.next();
    if (flag == "--") {
      p.rest(o.argv);
      break;
    }
    if (!parse_one(flag, p, o)) {
      error = "bad or incomplete option: " + std::string(flag);
      return o;
    }
  }
  if (o.argv.empty()) error = "no program given after --";
  else if (o.uid.has_value() != o.gid.has_value()) error = "--uid and --gid go together";
  else if (!o.mounts.empty() && !o.setup_root) error = "mount options need --setup-root";
  return o;
}

}  // namespace dslab::sandbox::limit
