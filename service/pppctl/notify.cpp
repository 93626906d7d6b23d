#include "pppctl/notify.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "dbus/errors.hpp"
#include "dbus/names.hpp"

namespace pppctl {
namespace {

using Clock = std::chrono::steady_clock;
using ppp::dbus::ErrorCode;

// How long a stop waits for the link to reach Disconnected (LCP Terminate,
// hang-up) before pppctl leaves anyway; below systemd's TimeoutStopSec.
constexpr auto kHangupDeadline = std::chrono::seconds(20);

// sd_notify, logging when systemd cannot be told (outside a unit
// NOTIFY_SOCKET is unset and sd_notify returns 0: nothing to say).
void notify(const std::string& state) {
    if (sd_notify(0, state.c_str()) < 0) std::fprintf(stderr, "pppctl: cannot notify systemd\n");
}

std::string status_text(const std::string& state, const std::string& reason) {
    return reason.empty() ? state : state + ": " + reason;
}

// SIGTERM, SIGINT and SIGHUP as a file descriptor, so a stop request is one
// more event next to the bus (closed on exit).
int block_stop_signals() {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGHUP);
    sigprocmask(SIG_BLOCK, &mask, nullptr);
    return signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
}

// Dispatches bus messages until `until()` holds, a stop signal arrives (then
// `stop` is set) or the deadline passes. Returns false on the deadline.
template <class Pred>
bool pump(sdbus::IConnection& connection, int signal_fd, bool& stop, Pred until,
          std::optional<Clock::time_point> deadline = std::nullopt) {
    while (!until()) {
        if (connection.processPendingRequest()) continue;
        if (deadline && Clock::now() >= *deadline) return false;
        const auto data = connection.getEventLoopPollData();
        int timeout = data.getPollTimeout();
        if (deadline) {
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now()).count();
            if (timeout < 0 || left < timeout) timeout = static_cast<int>(left < 0 ? 0 : left);
        }
        pollfd fds[2] = {{data.fd, data.events, 0}, {signal_fd, POLLIN, 0}};
        ::poll(fds, 2, timeout);
        if (fds[1].revents & POLLIN) {
            signalfd_siginfo info{};
            while (::read(signal_fd, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) stop = true;
            return true;
        }
    }
    return true;
}

}  // namespace

int connect_notify(sdbus::IConnection& connection, const Connect& command, const NotifyHooks& hooks) {
    const auto stop_fd = block_stop_signals();
    if (stop_fd < 0) {
        std::perror("pppctl: signalfd");
        return 1;
    }
    const std::string& name = command.name;
    ManagerProxy manager(connection);
    std::string state;
    bool service_gone = false;
    const std::string path = manager.GetLink(name);
    LinkProxy link(connection, path, [&](const std::string&, const std::string& to, const std::string& reason) {
        state = to;
        notify("STATUS=" + status_text(to, reason));
        if (to == "Running") return;  // the summary line below says it with the addresses
        std::printf("%s: %s%s%s\n", name.c_str(), to.c_str(), reason.empty() ? "" : " — ", reason.c_str());
        std::fflush(stdout);
    });
    // The service going away (crash, stop) takes the link with it.
    auto owner_watch = connection.addMatch(
        std::string("type='signal',sender='org.freedesktop.DBus',member='NameOwnerChanged',arg0='") +
            ppp::dbus::kBusName + "'",
        [&](sdbus::Message& message) {
            std::string bus_name, old_owner, new_owner;
            message >> bus_name >> old_owner >> new_owner;
            if (new_owner.empty()) service_gone = true;
        });

    // Hangs the link up (it may be connecting or up) and waits until it is
    // Disconnected; the exit status of a requested stop.
    auto hang_up = [&]() -> int {
        notify("STOPPING=1\nSTATUS=Disconnecting: stop requested");
        std::printf("%s: stop requested, disconnecting\n", name.c_str());
        std::fflush(stdout);
        try {
            manager.Disconnect(name);
        } catch (const sdbus::Error& e) {
            if (ppp::dbus::error_code(e.getName()) == ErrorCode::NotConnected) return 0;
            std::fprintf(stderr, "pppctl: %s: %s [%s]\n", name.c_str(), e.getMessage().c_str(), e.getName().c_str());
            return 1;
        }
        bool again = false;
        const bool in_time = pump(connection, stop_fd, again,
                                  [&] { return state == "Disconnected" || service_gone; },
                                  Clock::now() + kHangupDeadline);
        if (!in_time) {
            std::fprintf(stderr, "pppctl: %s: still not Disconnected after %lld s, leaving it to pppkitd\n",
                         name.c_str(), static_cast<long long>(kHangupDeadline.count()));
            return 1;
        }
        return 0;
    };

    notify("STATUS=Connecting");
    try {
        manager.Connect(name);
    } catch (const sdbus::Error& e) {
        // A restarted unit adopts the link it left connecting or up.
        if (ppp::dbus::error_code(e.getName()) != ErrorCode::AlreadyConnected) throw;
        std::printf("%s: already connecting or up, following it\n", name.c_str());
    }

    bool stop = false;
    bool done = false;
    std::optional<sdbus::Error> failure;
    link.wait_async(command.wait_seconds, [&](const sdbus::Error* error) {
        if (error) failure = *error;
        done = true;
    });
    pump(connection, stop_fd, stop, [&] { return done || stop; });
    if (stop) return hang_up();

    LinkInfo info({});
    try {
        info = hooks.fetch(link);
    } catch (const sdbus::Error&) {
        if (!failure) throw;
    }
    if (failure) {
        const int code = hooks.report_failure(*failure, info);
        // Out of time: the unit failed to start, so the attempt must not go on without it.
        if (ppp::dbus::error_code(failure->getName()) == ErrorCode::Timeout) hang_up();
        notify("STATUS=Failed: " + failure->getMessage());
        return code;
    }
    state = info.text("State");
    const auto line = summary_line(info);
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
    notify("READY=1\nSTATUS=" + line);

    // Up: stay until the link goes down by itself, or a stop.
    pump(connection, stop_fd, stop, [&] { return stop || state == "Disconnected" || service_gone; });
    if (stop) return hang_up();
    if (service_gone) {
        std::fprintf(stderr, "pppctl: %s: pppkitd left the bus; the link is gone\n", name.c_str());
        return 1;
    }
    try {
        info = hooks.fetch(link);
    } catch (const sdbus::Error&) {
        return 1;
    }
    const auto reason = info.text("StateReason");
    std::fprintf(stderr, "pppctl: %s: the link went down%s%s\n", name.c_str(), reason.empty() ? "" : ": ",
                 reason.c_str());
    const auto exit_status = info.signed_number("ExitStatus");
    return exit_status > 0 && exit_status < 256 ? static_cast<int>(exit_status) : 1;
}

}  // namespace pppctl
