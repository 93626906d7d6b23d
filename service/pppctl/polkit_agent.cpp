#include "pppctl/polkit_agent.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace pppctl {
namespace {

constexpr const char* kAgent = "/usr/bin/pkttyagent";
constexpr int kNotifyFd = 3;  // as passed to --notify-fd
constexpr int kRegisterTimeoutMs = 5000;

void reap(pid_t pid) {
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
}

}  // namespace

// (pppkitd does not ask polkit about uid 0 at all.)
bool can_ask_password() { return ::isatty(STDIN_FILENO) == 1 && ::getuid() != 0; }

std::unique_ptr<TtyAgent> TtyAgent::start() {
    if (::access(kAgent, X_OK) != 0) return nullptr;
    int notify[2];
    if (::pipe2(notify, O_CLOEXEC) < 0) return nullptr;
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(notify[0]);
        ::close(notify[1]);
        return nullptr;
    }
    if (pid == 0) {
        // pkttyagent registers for its parent process (pppctl) and closes
        // the notify fd once polkit accepted it. Not --fallback: polkit
        // ignores a fallback agent for a subject outside any login session
        // (ssh without logind, containers), exactly where a terminal is the
        // only way to ask; in a desktop session the prompt then also comes
        // on the terminal pppctl runs in, not in a dialog.
        if (::dup2(notify[1], kNotifyFd) < 0) ::_exit(127);
        ::execl(kAgent, kAgent, "--notify-fd", "3", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(notify[1]);
    pollfd fd{notify[0], POLLIN, 0};
    int r;
    while ((r = ::poll(&fd, 1, kRegisterTimeoutMs)) < 0 && errno == EINTR) {
    }
    ::close(notify[0]);
    // Closed (or timed out): registered if it is still running.
    if (r == 0 || ::waitpid(pid, nullptr, WNOHANG) != 0) {
        ::kill(pid, SIGTERM);
        reap(pid);
        return nullptr;
    }
    return std::unique_ptr<TtyAgent>(new TtyAgent(pid));
}

TtyAgent::~TtyAgent() {
    ::kill(pid_, SIGTERM);
    reap(pid_);
}

}  // namespace pppctl
