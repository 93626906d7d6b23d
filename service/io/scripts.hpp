// pppd's hook scripts: CONFIG_DIR/ip-pre-up, ip-up, ip-down, ipv6-up,
// ipv6-down, auth-up, auth-down, run with pppd's arguments and environment
// (pppd(8), SCRIPTS). A script that does not exist or is not executable is
// skipped silently, as pppd does. Scripts run as the daemon's user with an
// environment of their own (nothing inherited but PATH), stdin on
// /dev/null and stdout/stderr on the daemon's stderr; their failure is
// logged, never fatal.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "io/event_loop.hpp"

namespace ppp::io {

enum class HookScript { IpPreUp, IpUp, IpDown, Ipv6Up, Ipv6Down, AuthUp, AuthDown };
std::string_view file_name(HookScript);  // "ip-up"

// What pppd knows at the time it runs a script.
struct ScriptInfo {
    std::string ifname;            // ppp0
    std::string device;            // /dev/ttyS1 (pppd's devnam)
    std::uint32_t speed = 0;       // line speed in bits/s
    std::string local, remote;     // addresses (IPv4, or IPv6 link-local for ipv6-*)
    std::string ipparam;           // `ipparam` option, "" when not given
    std::string peername;          // the name the peer authenticated with, if it did
    std::string linkname;          // `linkname` option
    std::string call_file;         // `call NAME`: the peer name
    std::optional<Ipv4> dns1, dns2;
    bool usepeerdns = false;
    unsigned orig_uid = 0;         // who asked for the connection (pppd's real uid)
    std::string ppplogname;        // their login name, "(unknown)" without one
    int pppd_pid = 0;              // the process that runs the link
    // Down scripts only: how long the link was up and what went over it.
    struct Stats {
        std::uint64_t connect_time = 0, bytes_sent = 0, bytes_rcvd = 0;
    };
    std::optional<Stats> stats;
};

// argv[1..]: `iface tty speed local remote ipparam` for the ip and ipv6
// scripts, `iface peername user tty speed` for auth-up/auth-down (user: the
// requester's login name, or their uid without one, as pppd's real user).
std::vector<std::string> script_arguments(HookScript, const ScriptInfo&);
// The whole environment the script gets (IPLOCAL/IPREMOTE for the ip
// scripts, LLLOCAL/LLREMOTE for the ipv6 ones).
std::map<std::string, std::string> script_environment(HookScript, const ScriptInfo&);

class ScriptRunner {
public:
    using Log = std::function<void(LogLevel, const std::string&)>;
    // Called when a script started by start() has been reaped.
    using Done = std::function<void(HookScript, int code, int status)>;

    ScriptRunner(EventLoop& loop, std::string config_dir, Log log);
    ScriptRunner(const ScriptRunner&) = delete;
    ScriptRunner& operator=(const ScriptRunner&) = delete;
    // Scripts still running are left to finish (not killed); they are no
    // longer reaped by this runner.
    ~ScriptRunner();

    std::string path(HookScript s) const;

    // Starts the script without waiting; the loop reaps it. Returns false
    // when there is no executable script (or it could not be started: logged).
    bool start(HookScript, const ScriptInfo&, Done done = {});
    // Runs the script and waits for it, at most `limit` (then it is killed
    // and the failure logged). Blocks the caller: only for ip-pre-up, which
    // pppd also waits for. Returns false when there is no script to run.
    bool run_and_wait(HookScript, const ScriptInfo&, Duration limit);

    std::size_t running() const { return children_.size(); }

private:
    int spawn(HookScript, const ScriptInfo&);
    void finished(HookScript, int pid, int code, int status);

    EventLoop& loop_;
    std::string config_dir_;
    Log log_;
    struct Child {
        int pid;
        Source source;
    };
    std::vector<Child> children_;
};

}  // namespace ppp::io
