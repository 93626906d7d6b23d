#include "io/command.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

#include "io/fd.hpp"

namespace ppp::io {

int spawn_on_tty(const std::string& command, int tty_fd, const std::map<std::string, std::string>& env,
                 int stderr_fd) {
    // Everything the child needs is prepared before fork(): only
    // async-signal-safe calls happen in the child.
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
    for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
    const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);

    const pid_t pid = ::fork();
    if (pid < 0) {
        if (null_fd >= 0) ::close(null_fd);
        throw_errno("fork");
    }
    if (pid == 0) {
        ::setpgid(0, 0);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        for (int s = 1; s < NSIG; ++s) ::signal(s, SIG_DFL);
        const int err = stderr_fd >= 0 ? stderr_fd : null_fd;
        if (::dup2(tty_fd, 0) < 0 || ::dup2(tty_fd, 1) < 0 || (err >= 0 && ::dup2(err, 2) < 0)) ::_exit(126);
        const int flags = ::fcntl(0, F_GETFL);
        if (flags >= 0) ::fcntl(0, F_SETFL, flags & ~O_NONBLOCK);
        ::syscall(SYS_close_range, 3u, ~0u, 0u);
        ::execve(argv[0], const_cast<char* const*>(argv), envp.data());
        ::_exit(127);
    }
    if (null_fd >= 0) ::close(null_fd);
    return pid;
}

}  // namespace ppp::io
