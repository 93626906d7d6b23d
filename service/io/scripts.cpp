#include "io/scripts.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <system_error>

#include "io/fd.hpp"

namespace ppp::io {
namespace {

// Scripts reset PATH themselves (pppd clears the environment), but a
// script that does not still finds the usual programs.
constexpr const char* kPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

bool is_ip(HookScript s) { return s == HookScript::IpPreUp || s == HookScript::IpUp || s == HookScript::IpDown; }
bool is_ipv6(HookScript s) { return s == HookScript::Ipv6Up || s == HookScript::Ipv6Down; }

bool executable_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH));
}

std::string exit_text(int code, int status) {
    char buf[64];
    if (code == CLD_EXITED) {
        std::snprintf(buf, sizeof buf, "status = 0x%x", static_cast<unsigned>(status));
    } else {
        std::snprintf(buf, sizeof buf, "killed by signal %d", status);
    }
    return buf;
}

int pidfd_open(int pid) {
#ifdef SYS_pidfd_open
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

}  // namespace

std::string_view file_name(HookScript s) {
    switch (s) {
        case HookScript::IpPreUp: return "ip-pre-up";
        case HookScript::IpUp: return "ip-up";
        case HookScript::IpDown: return "ip-down";
        case HookScript::Ipv6Up: return "ipv6-up";
        case HookScript::Ipv6Down: return "ipv6-down";
        case HookScript::AuthUp: return "auth-up";
        case HookScript::AuthDown: return "auth-down";
    }
    return "?";
}

std::vector<std::string> script_arguments(HookScript s, const ScriptInfo& i) {
    const std::string speed = std::to_string(i.speed);
    if (s == HookScript::AuthUp || s == HookScript::AuthDown) {
        const bool named = !i.ppplogname.empty() && i.ppplogname != "(unknown)";
        return {i.ifname, i.peername, named ? i.ppplogname : std::to_string(i.orig_uid), i.device, speed};
    }
    return {i.ifname, i.device, speed, i.local, i.remote, i.ipparam};
}

std::map<std::string, std::string> script_environment(HookScript s, const ScriptInfo& i) {
    std::map<std::string, std::string> env{
        {"PATH", kPath},
        {"DEVICE", i.device},
        {"IFNAME", i.ifname},
        {"SPEED", std::to_string(i.speed)},
        {"ORIG_UID", std::to_string(i.orig_uid)},
        {"PPPLOGNAME", i.ppplogname},
    };
    if (i.pppd_pid > 0) env["PPPD_PID"] = std::to_string(i.pppd_pid);
    if (is_ip(s)) {
        env["IPLOCAL"] = i.local;
        env["IPREMOTE"] = i.remote;
    } else if (is_ipv6(s)) {
        env["LLLOCAL"] = i.local;
        env["LLREMOTE"] = i.remote;
    }
    if (!i.peername.empty()) env["PEERNAME"] = i.peername;
    if (!i.linkname.empty()) env["LINKNAME"] = i.linkname;
    if (!i.call_file.empty()) env["CALL_FILE"] = i.call_file;
    if (i.dns1) env["DNS1"] = i.dns1->to_string();
    if (i.dns2) env["DNS2"] = i.dns2->to_string();
    if (i.usepeerdns && (i.dns1 || i.dns2)) env["USEPEERDNS"] = "1";
    if (i.stats) {
        env["CONNECT_TIME"] = std::to_string(i.stats->connect_time);
        env["BYTES_SENT"] = std::to_string(i.stats->bytes_sent);
        env["BYTES_RCVD"] = std::to_string(i.stats->bytes_rcvd);
    }
    return env;
}

ScriptRunner::ScriptRunner(EventLoop& loop, std::string config_dir, Log log)
    : loop_(loop), config_dir_(std::move(config_dir)), log_(std::move(log)) {}

ScriptRunner::~ScriptRunner() = default;

std::string ScriptRunner::path(HookScript s) const { return config_dir_ + "/" + std::string(file_name(s)); }

int ScriptRunner::spawn(HookScript s, const ScriptInfo& info) {
    const std::string prog = path(s);
    if (!executable_file(prog)) return 0;
    // Everything is prepared before fork(): the child only makes
    // async-signal-safe calls.
    std::vector<std::string> args{prog};
    for (auto& a : script_arguments(s, info)) args.push_back(std::move(a));
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_strings;
    for (const auto& [k, v] : script_environment(s, info)) env_strings.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    Fd null_fd(::open("/dev/null", O_RDWR | O_CLOEXEC));
    if (!null_fd) {
        log_(LogLevel::Error, "Cannot run " + prog + ": cannot open /dev/null");
        return -1;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        log_(LogLevel::Error, "Cannot run " + prog + ": fork: " + std::system_category().message(errno));
        return -1;
    }
    if (pid == 0) {
        // A session of its own: the daemon's signals and terminal stay apart.
        ::setsid();
        for (int sig = 1; sig < NSIG; ++sig) {
            if (sig != SIGKILL && sig != SIGSTOP) ::signal(sig, SIG_DFL);
        }
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::dup2(null_fd.get(), 0);
        // stdout joins the daemon's stderr (the journal under systemd); fd 2 stays.
        if (::fcntl(2, F_GETFD) < 0) ::dup2(null_fd.get(), 2);
        ::dup2(2, 1);
#ifdef SYS_close_range
        ::syscall(SYS_close_range, 3u, ~0u, 0u);
#endif
        ::execve(prog.c_str(), argv.data(), envp.data());
        ::_exit(127);
    }
    return pid;
}

bool ScriptRunner::start(HookScript s, const ScriptInfo& info, Done done) {
    const int pid = spawn(s, info);
    if (pid <= 0) return false;
    log_(LogLevel::Debug, "Script " + path(s) + " started (pid " + std::to_string(pid) + ")");
    try {
        children_.push_back(Child{pid, loop_.add_child(pid, [this, s, pid, done](int code, int status) {
                                      finished(s, pid, code, status);
                                      if (done) done(s, code, status);
                                  })});
    } catch (const std::exception& e) {
        // Not watched: wait for it here rather than leave a zombie.
        log_(LogLevel::Error, "Cannot watch " + path(s) + ": " + e.what());
        while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
        }
    }
    return true;
}

void ScriptRunner::finished(HookScript s, int pid, int code, int status) {
    // The Source goes once this callback returns (sd-event keeps it alive meanwhile).
    const auto it = std::find_if(children_.begin(), children_.end(), [pid](const Child& c) { return c.pid == pid; });
    if (it != children_.end()) children_.erase(it);
    if (code == CLD_EXITED && status == 0) {
        log_(LogLevel::Debug, "Script " + path(s) + " finished (pid " + std::to_string(pid) + "), status = 0x0");
        return;
    }
    log_(LogLevel::Warning, "Script " + path(s) + " finished (pid " + std::to_string(pid) + "), " + exit_text(code, status));
}

bool ScriptRunner::run_and_wait(HookScript s, const ScriptInfo& info, Duration limit) {
    const int pid = spawn(s, info);
    if (pid <= 0) return pid < 0;
    Fd pidfd(pidfd_open(pid));
    const Time end = EventLoop::now() + limit;
    bool exited = false;
    int wstatus = 0;
    for (;;) {
        const pid_t r = ::waitpid(pid, &wstatus, WNOHANG);
        if (r == pid) {
            exited = true;
            break;
        }
        if (r < 0 && errno != EINTR) break;
        const Time now = EventLoop::now();
        if (now >= end) break;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - now).count() + 1;
        if (pidfd) {
            pollfd p{pidfd.get(), POLLIN, 0};
            ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 60000)));
        } else {
            // No pidfd (old kernel): look again shortly.
            const timespec ts{0, 10'000'000};
            ::nanosleep(&ts, nullptr);
        }
    }
    const std::string prog = path(s);
    if (!exited) {
        ::kill(-pid, SIGKILL);
        ::kill(pid, SIGKILL);
        while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
        }
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(limit).count();
        const std::string shown = ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
        log_(LogLevel::Warning,
             "Script " + prog + " (pid " + std::to_string(pid) + ") did not finish within " + shown + ": killed");
        return true;
    }
    if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) return true;
    const int code = WIFEXITED(wstatus) ? CLD_EXITED : CLD_KILLED;
    const int status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : WTERMSIG(wstatus);
    log_(LogLevel::Warning, "Script " + prog + " finished (pid " + std::to_string(pid) + "), " + exit_text(code, status));
    return true;
}

}  // namespace ppp::io
