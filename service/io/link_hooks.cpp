// Link: the device's UUCP lock file and pppd's hook scripts (ip-pre-up,
// ip-up, ip-down) around the data path.
#include <pwd.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <system_error>
#include <vector>

#include "io/link_impl.hpp"

namespace ppp::io {
namespace {

// pppd waits for ip-pre-up without a limit; a daemon serving other links
// bounds it (the script is meant to be quick: firewall rules).
constexpr std::chrono::seconds kPreUpLimit{10};

std::string login_name(uid_t uid) {
    std::vector<char> buf(4096);
    passwd pw{};
    passwd* found = nullptr;
    if (::getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) != 0 || found == nullptr) return {};
    return found->pw_name;
}

std::uint64_t realtime_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec);
}

}  // namespace

bool Link::Impl::lock_device() {
    if (!options.lock) return true;
    try {
        device_lock = UucpLock(paths.lock_dir, options.device, [this](const std::string& l) { log_line(l); });
    } catch (const DeviceLockedError& e) {
        fail(LinkOutcome{ExitStatus::LockFailed, FailureKind::DeviceLocked, e.what()});
        return false;
    } catch (const std::system_error& e) {
        fail(LinkOutcome{ExitStatus::LockFailed, FailureKind::DeviceError,
                         std::string("Cannot lock ") + options.device + ": " + e.what()});
        return false;
    }
    return true;
}

ScriptInfo Link::Impl::script_info(const NetworkInfo& info, const std::string& ifname) const {
    ScriptInfo i;
    i.ifname = ifname;
    i.device = options.device;
    i.speed = options.speed.value_or(0);
    i.local = info.local.to_string();
    i.remote = info.remote.to_string();
    i.ipparam = options.ipparam;
    i.linkname = options.linkname;
    i.call_file = status.name;
    i.dns1 = info.dns1;
    i.dns2 = info.dns2;
    i.usepeerdns = options.usepeerdns;
    i.peername = peer_authname;
    // pppd's real user: whoever asked for the connection.
    i.orig_uid = requester.uid.value_or(::getuid());
    i.ppplogname = requester_login();
    i.pppd_pid = ::getpid();
    return i;
}

std::string Link::Impl::requester_login() const {
    const std::string name = login_name(requester.uid.value_or(::getuid()));
    return name.empty() ? "(unknown)" : name;  // what pppd says for a uid without a passwd entry
}

void Link::Impl::run_ip_pre_up(const NetworkInfo& info, const std::string& ifname) {
    scripts.run_and_wait(HookScript::IpPreUp, script_info(info, ifname), kPreUpLimit);
}

void Link::Impl::run_ip_up(const NetworkInfo& info) {
    ip_up_info = script_info(info, status.interface);
    if (ip_down_pending) {
        // The last connection's ip-up is still running: its ip-down is not lost.
        scripts.start(HookScript::IpDown, *ip_down_pending);
        ip_down_pending.reset();
    }
    // The callback runs from the loop while this Impl (which owns `scripts`) exists.
    ip_up_running = scripts.start(HookScript::IpUp, *ip_up_info, [this](HookScript, int, int) {
        ip_up_running = false;
        if (ip_down_pending) {
            const ScriptInfo down = std::move(*ip_down_pending);
            ip_down_pending.reset();
            scripts.start(HookScript::IpDown, down);
        }
    });
}

void Link::Impl::run_ip_down() {
    if (!ip_up_info) return;
    ScriptInfo i = std::move(*ip_up_info);
    ip_up_info.reset();
    ScriptInfo::Stats stats;
    const std::uint64_t since = status.connected_since_usec / 1'000'000u;
    const std::uint64_t now = realtime_seconds();
    stats.connect_time = since > 0 && now > since ? now - since : 0;
    stats.bytes_sent = status.tx_bytes;
    stats.bytes_rcvd = status.rx_bytes;
    i.stats = stats;
    if (ip_up_running) {
        // pppd runs ip-down only once ip-up has finished.
        ip_down_pending = std::move(i);
        return;
    }
    scripts.start(HookScript::IpDown, i);
}

}  // namespace ppp::io
