#include "sim_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <stdexcept>

#include "io/serial.hpp"

extern char** environ;

namespace ppp::sim::test {
namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now()).count();
    return left < 0 ? 0 : static_cast<int>(left);
}

std::size_t count(const std::string& hay, std::string_view needle) {
    std::size_t n = 0;
    for (auto pos = hay.find(needle); pos != std::string::npos; pos = hay.find(needle, pos + needle.size())) ++n;
    return n;
}

}  // namespace

std::string sim_binary() { return PPPKIT_SIM_BINARY; }

SimProcess::SimProcess(const std::vector<std::string>& argv) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) io::throw_errno("pipe2");
    io::Fd read_end(fds[0]), write_end(fds[1]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, write_end.get(), 1);
    posix_spawn_file_actions_adddup2(&actions, write_end.get(), 2);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGINT);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    const int err = ::posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (err != 0) io::throw_errno(err, "posix_spawn " + argv[0]);
    pid_ = pid;
    // glibc's <sys/pidfd.h> lacks extern "C" for C++ in Debian 12: the raw syscall.
    pidfd_ = io::Fd(static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0)));
    if (!pidfd_) io::throw_errno("pidfd_open");
    log_fd_ = std::move(read_end);
    io::set_nonblocking(log_fd_.get());
}

SimProcess::~SimProcess() {
    if (status_) return;
    ::kill(pid_, SIGTERM);
    if (!wait_exit(Millis(5000))) {
        ::kill(pid_, SIGKILL);
        wait_exit(Millis(5000));
    }
}

void SimProcess::drain() {
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(log_fd_.get(), buf, sizeof buf);
        if (n > 0) {
            log_.append(buf, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        return;
    }
}

bool SimProcess::wait_log(std::string_view needle, Millis timeout, int times) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        drain();
        if (count(log_, needle) >= static_cast<std::size_t>(times)) return true;
        pollfd p{log_fd_.get(), POLLIN, 0};
        const int r = ::poll(&p, 1, remaining_ms(deadline));
        if (r == 0) return false;
        if (r < 0 && errno != EINTR) return false;
        if (p.revents & POLLHUP && !(p.revents & POLLIN)) {
            drain();
            return count(log_, needle) >= static_cast<std::size_t>(times);
        }
    }
}

std::optional<int> SimProcess::wait_exit(Millis timeout) {
    if (status_) return status_;
    pollfd p{pidfd_.get(), POLLIN, 0};
    int r;
    do r = ::poll(&p, 1, static_cast<int>(timeout.count()));
    while (r < 0 && errno == EINTR);
    if (r <= 0) return std::nullopt;
    int wstatus = 0;
    if (::waitpid(pid_, &wstatus, 0) != pid_) return std::nullopt;
    drain();
    status_ = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -WTERMSIG(wstatus);
    return status_;
}

TempDir::TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "pppkit-sim-test.XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) io::throw_errno("mkdtemp");
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

io::Fd open_line(const std::string& path) {
    io::SerialSettings s;
    s.speed = 115200;
    s.local = true;
    return io::open_serial(path, s);
}

bool send_text(int fd, std::string_view s, Millis timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!s.empty()) {
        const ssize_t n = ::write(fd, s.data(), s.size());
        if (n > 0) {
            s.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN) return false;
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, remaining_ms(deadline)) <= 0) return false;
    }
    return true;
}

std::optional<std::string> expect_text(int fd, std::string_view needle, Millis timeout, std::string* got) {
    const auto deadline = Clock::now() + timeout;
    std::string text;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            text.append(buf, static_cast<std::size_t>(n));
            if (text.find(needle) != std::string::npos) return text;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n == 0 || (n < 0 && errno != EAGAIN)) break;  // hang-up
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, remaining_ms(deadline)) <= 0) break;
    }
    if (got) *got = text;
    return std::nullopt;
}

}  // namespace ppp::sim::test
