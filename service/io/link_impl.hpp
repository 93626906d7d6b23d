// Link's insides, shared by link.cpp (lifecycle, states, teardown),
// link_dialer.cpp (device and connect script) and link_ppp.cpp (session
// and data path). Not a contract: only those files include it.
//
// Re-entrancy: observers (the session's, and ours) are called synchronously
// from inside our callbacks, and may call back into the Link. Nothing is
// destroyed while its code is on the stack: a teardown requested inside a
// loop callback runs from a deferred event; one requested inside a public
// call (connect, disconnect) runs before that call returns; a session close
// requested inside a session call runs when the outermost session call
// returns (with_session).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/chat.hpp"
#include "core/secrets.hpp"
#include "core/session.hpp"
#include "io/dns.hpp"
#include "io/link.hpp"
#include "io/link_datapath.hpp"
#include "io/link_line.hpp"
#include "io/log_file.hpp"
#include "io/scripts.hpp"
#include "io/uucp_lock.hpp"

namespace ppp::io {

// How a connection ended: what exit_status, failure and reason become.
struct LinkOutcome {
    ExitStatus status = ExitStatus::Ok;
    FailureKind failure = FailureKind::None;
    std::string reason;
};

// The scripts run on the line: init, connect, welcome before PPP, in this
// order; disconnect after it, before the device is closed.
enum class LineScript { Init, Connect, Welcome, Disconnect };

struct Link::Impl final : SessionObserver {
    Impl(EventLoop& loop, std::string name, LinkPaths paths, LinkObserver& observer);
    ~Impl() override;

    // --- lifecycle (link.cpp)
    void connect(Requester by);
    void disconnect(const std::string& reason);
    void set_state(LinkState to, const std::string& reason);
    // To the journal/stderr (io/journal) and the observer (D-Bus LogLine).
    void log_line(const std::string& line, LogLevel level = LogLevel::Info);
    // Ends the attempt: tears everything down now, or as soon as no frame of
    // ours is on the stack. The first outcome given wins.
    void fail(LinkOutcome outcome);
    // Stops PPP and the data path; then the disconnect script, if it is to
    // run (the teardown goes on from line_script_done/failed), else
    // finish_teardown() at once.
    void teardown_now();
    // Closes the device, releases the lock: Disconnected, or Holdoff.
    void finish_teardown();
    bool wants_disconnect_script() const;
    void on_disconnect_timer();
    void run_pending();
    // Counts our frames on the stack. A public call (connect, disconnect)
    // is `synchronous`: when it is the outermost frame, a teardown it caused
    // runs before it returns. Loop callbacks leave it to the deferred event,
    // since helper code (TtyLine, DataPath) may still be on the stack.
    struct Entry {
        explicit Entry(Impl& i, bool sync = false) : impl(i), synchronous(sync) { ++impl.depth; }
        ~Entry();
        Entry(const Entry&) = delete;
        Entry& operator=(const Entry&) = delete;
        Impl& impl;
        bool synchronous;
    };

    // One connection attempt: reload the options, open the device, dial.
    // `fresh` (a user's connect) restarts the maxfail count. Config errors
    // are thrown when `fresh`, else they end the link (Disconnected).
    void begin_attempt(bool fresh);

    // --- persist, holdoff, maxfail, idle, maxconnect (link_lifecycle.cpp)
    // Called by teardown with the attempt's outcome: true when the link went
    // to Holdoff for a redial (persist) instead of Disconnected. When maxfail
    // stops the redials, says so in o.reason.
    bool redial_after(LinkOutcome& o);
    void on_holdoff_timer();
    // IP came up / went down: idle and maxconnect timers.
    void lifecycle_network_up();
    void lifecycle_network_down();
    void on_idle_timer();
    void on_connect_timer();
    // Ends a Running connection for a reason of ours (LCP Terminate first).
    void end_connection(LinkOutcome o);
    void note_data() { last_data = EventLoop::now(); }

    // --- device and connect script (link_dialer.cpp)
    bool open_device();
    std::unique_ptr<TtyLine> make_line(Fd fd);
    // init, connect, welcome in that order, each the internal chat or an
    // external command on the line; then PPP.
    void start_connect_script();
    void run_line_script(LineScript which);
    void line_script_done(Bytes unread);
    void line_script_failed(ExitStatus connect_status, FailureKind kind, const std::string& message);
    const std::string& line_script_command() const;
    void start_internal_chat(const chat::Invocation& invocation);
    void run_chat(const std::function<void(chat::Engine&)>& step);
    void chat_failed(const chat::Failure& failure);
    void append_chat_report(const std::string& report);   // chat -r FILE
    std::string external_abort_string(int index) const;    // external chat's ABORT n+1, from its -f script
    void start_external_script();
    void on_child_exit(int pid, int code, int status);
    void read_script_stderr();
    void stop_connect_script();
    void reap_children_blocking();
    // HANGUP OFF: the hung-up device file is dead; open the device again
    // (a callback modem, a pty the peer replaced) while the script runs.
    void reopen_line();
    std::map<std::string, std::string> line_script_environment() const;

    // --- lock file and hook scripts (link_hooks.cpp)
    bool lock_device();                    // false: the attempt failed (LockFailed)
    ScriptInfo script_info(const NetworkInfo& info, const std::string& ifname) const;
    void run_ip_pre_up(const NetworkInfo& info, const std::string& ifname);
    void run_ip_up(const NetworkInfo& info);
    void run_ip_down();                    // once per ip-up, with the link's statistics
    std::string requester_login() const;   // PPPLOGNAME: the requester's login name

    // --- auth-up and auth-down (link_auth_hooks.cpp)
    void run_auth_up();                    // the Network phase began after the peer authenticated
    void run_auth_down();                  // the link goes down after auth-up

    // --- logfile and record (link_files.cpp)
    void open_log_file();      // `logfile FILE`, as the options of this attempt say
    void start_line_record();  // `record FILE`, on the line just opened
    void log_effective_options();  // `dump`

    // --- IPv6 (link_ipv6.cpp)
    // Puts the link-local addresses on the interface and runs ipv6-up, once
    // both IPv6CP and the data path are up (in either order).
    void apply_ipv6();
    // Creates data_path (IPv4 addresses from `info` unless ipv4 is false);
    // false: it failed and the link is disconnecting.
    bool create_data_path(const NetworkInfo& info, bool ipv4);
    void start_ipv6_only();                // IPv6CP up and no IPv4 coming: the interface without it
    // Runs ipv6-down (once per ipv6-up) and takes the addresses away.
    void remove_ipv6();

    // --- PPP and data path (link_ppp.cpp)
    void start_ppp(Bytes already_received);
    SessionConfig session_config() const;
    // Reads pap-secrets and chap-secrets (throws config::Error when a file is
    // refused); bad lines are logged and skipped.
    void load_secrets();
    auth::Config auth_config() const;
    // Every call into the session goes through here: nesting is counted, the
    // timer follows next_deadline(), a postponed close runs afterwards.
    template <class F>
    void with_session(F&& f);
    void on_line_data(Bytes bytes);
    void on_line_hangup();
    void on_line_drained();
    void on_tun_packet(Bytes packet);
    void on_session_timer();
    void on_stats_timer();
    void update_stats();
    void clear_network_status();
    void apply_peer_dns();

    // SessionObserver
    void send_line(Bytes bytes) override;
    void deliver_ipv4(Bytes packet) override;
    void phase_changed(Phase from, Phase to) override;
    void network_up(const NetworkInfo& info) override;
    void network_down() override;
    void deliver_ipv6(Bytes packet) override;
    void ipv6_up(const Ipv6Info& info) override;
    void ipv6_down() override;
    void ipv4_unavailable() override;
    void finished(ExitStatus status, std::string_view reason) override;
    void closing(ExitStatus status, std::string_view reason) override;
    void log(LogLevel level, std::string_view line) override;
    void authenticated(auth::Role role, auth::Method method, std::string_view peer_name) override;

    enum class Stage { Idle, Script, ExternalScript, Ppp };

    EventLoop& loop;
    LinkPaths paths;
    LinkObserver& observer;
    LinkStatus status;
    config::PeerOptions options;
    // The secrets files as read at connect(); shared with the session's lookup.
    std::shared_ptr<const secrets::ParseResult> pap_secrets, chap_secrets;
    Requester requester;                   // who asked for this connection (kept for redials)
    std::string peer_authname;             // the name the peer authenticated with to us, "" before

    Stage stage = Stage::Idle;
    int depth = 0;                         // our frames on the stack
    bool muted = false;                    // no observer calls (destructor)
    std::optional<LinkOutcome> outcome;    // set once the attempt is ending
    bool teardown_pending = false;
    Source teardown_defer;
    std::optional<std::string> pending_close;  // a session close postponed

    LogFile log_file;                      // logfile FILE (kept across attempts while the path stays)
    UucpLock device_lock;
    std::unique_ptr<TtyLine> line;
    ScriptRunner scripts;
    std::optional<ScriptInfo> ip_up_info;  // what ip-up was given, while ip-down is owed
    bool ip_up_running = false;            // ip-down waits for it, as in pppd
    std::optional<ScriptInfo> ip_down_pending;
    bool ipv6_only = false;                // this attempt has no IPv4 (noip, or IPCP rejected)
    bool ipv6_only_up = false;             // the data path came up for IPv6 alone
    std::optional<Ipv6Info> ipv6_info;    // while IPv6CP is Opened
    std::optional<ScriptInfo> ipv6_up_info;  // what ipv6-up was given, while ipv6-down is owed
    std::uint64_t first_up_usec = 0;       // when the network first came up (pppd's connect time)
    std::optional<ScriptInfo> auth_up_info;  // what auth-up was given, while auth-down is owed
    bool auth_up_running = false;            // auth-down waits for it, as in pppd
    std::optional<ScriptInfo> auth_down_pending;

    // init, connect and welcome scripts
    LineScript line_script = LineScript::Connect;  // the one running in Stage::Script/ExternalScript
    std::unique_ptr<chat::Engine> engine;
    std::string chat_report_file;          // chat -r FILE, "" without
    Deadline chat_timer;
    int script_pid = 0;                    // the external connect command, while it runs
    Fd script_stderr;
    Source script_stderr_source;
    std::string script_stderr_partial;
    struct Child {
        int pid;
        Source source;
    };
    std::vector<Child> children;           // not yet reaped (including killed ones)
    bool disconnecting_line = false;       // the disconnect script runs (teardown is waiting for it)
    bool redial_cancelled = false;         // the user disconnected while the link was going down
    Deadline disconnect_timer;             // its limit (LinkPaths::disconnect_limit)
    Deadline reopen_timer;                 // HANGUP OFF: the next attempt to open the device again

    // PPP
    std::unique_ptr<Session> session;
    int session_depth = 0;
    Deadline session_timer;
    bool sending_data = false;             // inside session->send_ipv4
    std::uint64_t data_dropped = 0;        // packets not sent because the line was full
    std::unique_ptr<DataPath> data_path;
    std::unique_ptr<PeerDns> peer_dns;     // usepeerdns, while IP is up
    Deadline stats_timer;

    // lifecycle
    Deadline holdoff_timer;
    Deadline idle_timer;
    Deadline connect_timer;
    Time last_data{};                      // the last IP packet sent or received
    Time attempt_started{};                // when begin_attempt() last ran
    bool connect_time_armed = false;       // maxconnect counts from the first network up of an attempt

    // While the line's queue is above this, packets from the kernel wait (back-pressure).
    static constexpr std::size_t kLineSoftLimit = 64 * 1024;
};

// CLOCK_REALTIME in microseconds, for the D-Bus timestamps.
std::uint64_t realtime_usec();
// How often a Running link's statistics are read.
inline constexpr std::chrono::seconds kStatsInterval{1};

template <class F>
void Link::Impl::with_session(F&& f) {
    if (!session) return;
    // Teardown (which destroys the session) waits while these are raised.
    ++depth;
    ++session_depth;
    f(*session);
    if (session_depth == 1 && pending_close) {
        const std::string reason = std::move(*pending_close);
        pending_close.reset();
        session->close(EventLoop::now(), reason);
    }
    --session_depth;
    --depth;
    if (session_depth == 0) session_timer.arm(session->next_deadline());
}

}  // namespace ppp::io
