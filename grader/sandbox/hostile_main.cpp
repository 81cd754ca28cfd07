// dslab-sandbox-hostile: small misbehaving programs the sandbox tests run (one mode per argv[1]).
#include <arpa/inet.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

const char* err_name() { return strerrorname_np(errno) ? strerrorname_np(errno) : "E?"; }

int spin() {
  volatile unsigned long x = 0;
  for (;;) x = x + 1;
}

int fork_bomb() {
  long made = 0;
  for (;;) {
    pid_t pid = fork();
    if (pid == 0) {
      for (;;) fork();  // every child bombs too
    }
    if (pid < 0) {
      std::printf("forks=%ld fork failed: %s\n", made, err_name());
      return 0;
    }
    if (++made > 100000) {
      std::printf("forks=%ld never failed\n", made);
      return 1;
    }
  }
}

int memory_hog() {
  std::vector<char*> blocks;
  for (long mib = 0; mib < 65536; mib += 16) {
    char* block = static_cast<char*>(std::malloc(16 << 20));
    if (block == nullptr) {
      std::printf("allocated_mib=%ld then malloc failed\n", mib);
      return 3;
    }
    std::memset(block, 1, 16 << 20);
    blocks.push_back(block);
  }
  std::printf("allocated_mib=65536 never failed\n");
  return 1;
}

// `children` processes, each allocating and touching `mib` MiB (under any per-process limit)
// and holding it until all have done so: only a bound on the whole tree stops them. Prints how
// many children were killed (SIGKILL: the OOM killer of a memory cgroup).
int memory_hog_split(int children, int mib) {
  int ready[2];
  int release[2];
  if (pipe(ready) != 0 || pipe(release) != 0) return 4;
  std::vector<pid_t> pids;
  for (int i = 0; i < children; ++i) {
    const pid_t pid = fork();
    if (pid == 0) {
      close(ready[0]);
      close(release[1]);
      std::vector<char*> blocks;
      for (int m = 0; m < mib; m += 4) {
        char* block = static_cast<char*>(std::malloc(4 << 20));
        if (block == nullptr) _exit(3);
        std::memset(block, 1, 4 << 20);
        blocks.push_back(block);
      }
      char c = 1;
      [[maybe_unused]] ssize_t w = write(ready[1], &c, 1);
      close(ready[1]);  // the parent sees EOF once every child has written or died
      [[maybe_unused]] ssize_t r = read(release[0], &c, 1);  // EOF once the parent lets go
      _exit(0);
    }
    if (pid < 0) return 4;
    pids.push_back(pid);
  }
  close(ready[1]);
  close(release[0]);
  char c = 0;
  int holding = 0;
  while (read(ready[0], &c, 1) == 1) ++holding;
  close(release[1]);
  int killed = 0;
  for (pid_t pid : pids) {
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ++killed;
  }
  // `holding` counts children that held their share at some point, not at once: a child can
  // report and then be chosen by the OOM killer when the next one grows.
  std::printf("children=%d reported_holding=%d killed=%d\n", children, holding, killed);
  return 0;
}

// One file, 1 MiB at a time: RLIMIT_FSIZE stops it (SIGXFSZ unless ignored).
int disk_fill(const char* path, bool ignore_sigxfsz) {
  if (ignore_sigxfsz) signal(SIGXFSZ, SIG_IGN);
  int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  if (fd < 0) return std::printf("open %s: %s\n", path, err_name()), 2;
  std::string chunk(1 << 20, 'x');
  for (long mib = 0;; ++mib) {
    if (write(fd, chunk.data(), chunk.size()) != static_cast<ssize_t>(chunk.size())) {
      std::printf("written_mib=%ld write failed: %s\n", mib, err_name());
      return 0;
    }
  }
}

// Many files below the size limit: only the bounded tmpfs stops it.
int many_files(const char* dir) {
  std::string chunk(512 << 10, 'y');
  for (long i = 0; i < 100000; ++i) {
    std::string path = std::string(dir) + "/f" + std::to_string(i);
    int fd = open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
    ssize_t n = fd < 0 ? -1 : write(fd, chunk.data(), chunk.size());
    if (fd >= 0) close(fd);
    if (n != static_cast<ssize_t>(chunk.size())) {
      std::printf("files=%ld failed: %s\n", i, err_name());
      return 0;
    }
  }
  std::printf("files=100000 never failed\n");
  return 1;
}

int flood() {
  std::string line(4096, 'F');
  for (;;) {
    if (write(1, line.data(), line.size()) < 0) return 1;
  }
}

int try_connect(const char* ip, int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, ip, &addr.sin_addr);
  int rc = connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  std::printf("connect %s:%d: %s\n", ip, port, rc == 0 ? "ok" : err_name());
  close(s);
  return rc == 0;
}

int network(int port) {
  ifaddrs* list = nullptr;
  std::string names;
  if (getifaddrs(&list) == 0) {
    for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
      if (i->ifa_addr != nullptr && i->ifa_addr->sa_family == AF_INET) {
        names += std::string(names.empty() ? "" : ",") + i->ifa_name;
      }
    }
    freeifaddrs(list);
  }
  std::printf("ipv4 interfaces: %s\n", names.c_str());
  int ok = try_connect("127.0.0.1", port) + try_connect("1.1.1.1", 53);
  return ok == 0 ? 0 : 1;
}

// A server and a client inside the sandbox: the private loopback works.
int loopback() {
  int server = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(server, reinterpret_cast<sockaddr*>(&addr), len) != 0 || listen(server, 1) != 0 ||
      getsockname(server, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    return std::printf("loopback listen: %s\n", err_name()), 1;
  }
  int client = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(client, reinterpret_cast<sockaddr*>(&addr), len) != 0) {
    return std::printf("loopback connect: %s\n", err_name()), 1;
  }
  int conn = accept(server, nullptr, nullptr);
  char c = 0;
  bool ok = write(client, "!", 1) == 1 && read(conn, &c, 1) == 1 && c == '!';
  std::printf("loopback: %s\n", ok ? "ok" : "broken");
  return ok ? 0 : 1;
}

int read_files(int argc, char** argv) {
  for (int i = 2; i < argc; ++i) {
    int fd = open(argv[i], O_RDONLY);
    std::printf("%s: %s\n", argv[i], fd >= 0 ? "readable" : err_name());
    if (fd >= 0) close(fd);
  }
  return 0;
}

int kill_everything() {
  int parent = kill(getppid(), SIGKILL);
  std::printf("kill(parent): %s\n", parent == 0 ? "ok" : err_name());
  int group = kill(-getpgid(getppid()), SIGKILL);
  std::printf("kill(parent group): %s\n", group == 0 ? "ok" : err_name());
  std::fflush(stdout);
  kill(-1, SIGKILL);  // takes this process down too
  return 0;
}

// The intermediate child exits at once; the setsid grandchild would live forever.
int orphan() {
  pid_t child = fork();
  if (child == 0) {
    setsid();
    if (fork() == 0) {
      for (;;) pause();
    }
    _exit(0);
  }
  waitpid(child, nullptr, 0);
  std::printf("orphaned a setsid grandchild\n");
  return 0;
}

int open_fds() {
  std::string open_list;
  for (int fd = 0; fd < 1024; ++fd) {
    if (fcntl(fd, F_GETFD) >= 0) open_list += std::to_string(fd) + " ";
  }
  std::printf("open fds: %s\n", open_list.c_str());
  return 0;
}

// Reads the memfd passed as argv[2], echoes it, and appends a reply the test reads back.
int use_fd(int fd) {
  char buf[256] = {};
  ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  if (n < 0) return std::printf("pread fd %d: %s\n", fd, err_name()), 1;
  std::printf("fd %d says: %s\n", fd, buf);
  const char reply[] = " +reply from sandbox";
  return pwrite(fd, reply, sizeof reply - 1, n) == sizeof reply - 1 ? 0 : 1;
}

// Accepts one connection on the listening socket passed as argv[2] and answers "pong".
int serve(int fd) {
  int conn = accept(fd, nullptr, nullptr);
  if (conn < 0) return std::printf("accept: %s\n", err_name()), 1;
  char buf[16] = {};
  ssize_t n = read(conn, buf, sizeof buf - 1);
  bool ok = n > 0 && write(conn, "pong", 4) == 4;
  std::printf("served: %s\n", buf);
  close(conn);
  return ok ? 0 : 1;
}

int whoami() {
  char cwd[512] = {}, host[128] = {};
  std::printf("uid=%d gid=%d pid=%d cwd=%s host=%s\n", getuid(), getgid(), getpid(),
              getcwd(cwd, sizeof cwd), gethostname(host, sizeof host) == 0 ? host : "?");
  for (char** e = environ; *e != nullptr; ++e) std::printf("env %s\n", *e);
  FILE* status = std::fopen("/proc/self/status", "r");
  char line[256];
  while (status != nullptr && std::fgets(line, sizeof line, status) != nullptr) {
    if (std::strncmp(line, "Cap", 3) == 0 || std::strncmp(line, "NoNewPrivs", 10) == 0) {
      std::printf("%s", line);
    }
  }
  if (status != nullptr) std::fclose(status);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  int arg = argc > 2 ? std::atoi(argv[2]) : 0;
  if (mode == "exit") return arg;
  if (mode == "spin") return spin();
  if (mode == "sleep") for (;;) pause();
  if (mode == "forkbomb") return fork_bomb();
  if (mode == "memhog") return memory_hog();
  if (mode == "memhog-split" && argc > 3) return memory_hog_split(arg, std::atoi(argv[3]));
  if (mode == "diskfill" && argc > 2) return disk_fill(argv[2], false);
  if (mode == "diskfill-noisy" && argc > 2) return disk_fill(argv[2], true);
  if (mode == "manyfiles" && argc > 2) return many_files(argv[2]);
  if (mode == "flood") return flood();
  if (mode == "network") return network(arg);
  if (mode == "loopback") return loopback();
  if (mode == "read") return read_files(argc, argv);
  if (mode == "killall") return kill_everything();
  if (mode == "orphan") return orphan();
  if (mode == "orphan-then-sleep") {
    orphan();
    std::fflush(stdout);
    for (;;) pause();
  }
  if (mode == "fds") return open_fds();
  if (mode == "usefd") return use_fd(arg);
  if (mode == "serve") return serve(arg);
  if (mode == "whoami") return whoami();
  if (mode == "echo") {
    int c;
    while ((c = std::getchar()) != EOF) std::putchar(c);
    return 0;
  }
  std::fprintf(stderr, "dslab-sandbox-hostile: unknown mode '%s'\n", mode.c_str());
  return 2;
}
