#include "io/command.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <vector>

#include "io/fd.hpp"

namespace ppp::io {
namespace {

// Exit statuses of a child that could not become the command (as sh(1) uses them).
constexpr int kSetupFailed = 126;
constexpr int kExecFailed = 127;

// Closes every descriptor from `first` up; close_range(2) when the kernel has
// it, else one by one up to `limit`. Async-signal-safe.
void close_from(int first, int limit) {
#ifdef SYS_close_range
    if (::syscall(SYS_close_range, static_cast<unsigned>(first), ~0u, 0u) == 0) return;
#endif
    for (int fd = first; fd < limit; ++fd) ::close(fd);
}

// Whether opening the fd's device again reaches the same terminal: a
// character device other than /dev/tty, /dev/console and /dev/ptmx (opening
// those gives the controlling terminal, the console, or a new pty).
bool reopenable(int fd) {
    struct stat st {};
    if (::fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode)) return false;
    constexpr unsigned kTtyAuxMajor = 5;  // 5,0 tty; 5,1 console; 5,2 ptmx
    return !(major(st.st_rdev) == kTtyAuxMajor && minor(st.st_rdev) <= 2);
}

}  // namespace

int spawn_on_tty(const std::string& command, int tty_fd, const std::map<std::string, std::string>& env,
                 int stderr_fd) {
    if (tty_fd < 0) throw_errno(EBADF, "connect command: no terminal");
    // Everything the child needs is prepared before fork(): only
    // async-signal-safe calls happen in the child.
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
        const std::string entry(*e);
        const auto eq = entry.find('=');
        if (eq != std::string::npos && env.count(entry.substr(0, eq))) continue;  // overridden below
        env_strings.push_back(entry);
    }
    for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
    long open_max = ::sysconf(_SC_OPEN_MAX);
    if (open_max < 0 || open_max > 65536) open_max = 65536;
    const int fd_limit = static_cast<int>(open_max);
    Fd null_fd;
    if (stderr_fd < 0) {
        null_fd.reset(::open("/dev/null", O_RDWR | O_CLOEXEC));
        if (!null_fd) throw_errno("cannot open /dev/null");
    }
    const int err_fd = stderr_fd >= 0 ? stderr_fd : null_fd.get();
    char proc_fd_path[32];
    std::snprintf(proc_fd_path, sizeof proc_fd_path, "/proc/self/fd/%d", tty_fd);
    const bool reopen = reopenable(tty_fd);

    const pid_t pid = ::fork();
    if (pid < 0) throw_errno("fork");
    if (pid == 0) {
        // Own process group, so signals meant for the daemon's group (and
        // the daemon's own kill of the group) are separate.
        ::setpgid(0, 0);
        // Default dispositions first, then an empty mask: no handler
        // inherited from the parent can run here.
        for (int s = 1; s < NSIG; ++s) {
            if (s != SIGKILL && s != SIGSTOP) ::signal(s, SIG_DFL);
        }
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        // The command gets its own open of the tty where possible: O_NONBLOCK
        // belongs to the open file description, and clearing it on the
        // parent's would leave the parent's fd blocking. Reopening a device
        // in TIOCEXCL mode needs privilege; without it the parent's
        // description is shared and cleared (the caller restores it).
        int tty = reopen ? ::open(proc_fd_path, O_RDWR | O_NOCTTY) : -1;
        if (tty < 0) tty = ::fcntl(tty_fd, F_DUPFD, 3);
        // Both are moved above 2 first, so dup2 below never finds
        // source == target (which would keep close-on-exec set).
        if (tty >= 0 && tty < 3) tty = ::fcntl(tty, F_DUPFD, 3);
        const int err = ::fcntl(err_fd, F_DUPFD, 3);
        if (tty < 0 || err < 0) ::_exit(kSetupFailed);
        if (::dup2(tty, 0) < 0 || ::dup2(tty, 1) < 0 || ::dup2(err, 2) < 0) ::_exit(kSetupFailed);
        const int flags = ::fcntl(0, F_GETFL);
        if (flags >= 0) ::fcntl(0, F_SETFL, flags & ~O_NONBLOCK);
        close_from(3, fd_limit);
        ::execve(argv[0], const_cast<char* const*>(argv), envp.data());
        ::_exit(kExecFailed);
    }
    // The parent keeps the child apart too (no race with the child's own setpgid).
    ::setpgid(pid, pid);
    return pid;
}

}  // namespace ppp::io
