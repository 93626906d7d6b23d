// The ISP behind the simulated modem: one ppp::Session in the server role per
// call, plus where the client's IP goes — answered by the simulator itself
// (ICMP echo to the ISP's own address) or routed into a TUN device.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/session.hpp"
#include "io/event_loop.hpp"
#include "io/tun.hpp"

namespace ppp::sim {

struct IspConfig {
    Ipv4 local_ip{0x0a400001};   // 10.64.0.1: the ISP's end
    Ipv4 remote_ip{0x0a400002};  // 10.64.0.2: assigned to the client
    std::optional<Ipv4> dns1, dns2;
    bool noip = false;     // --noip: no IPCP (the client's is Protocol-Rejected): IPv6 only
    bool ipv6 = false;     // --ipv6: negotiate IPv6CP, answer ICMPv6 echo to our link-local address
    std::string tun_name;  // empty: no TUN, echo requests to local_ip are answered here
    bool verbose = false;  // protocol log lines (LogLevel::Debug)
    // The ISP starts LCP when the client first sends something, or after this
    // long, so its first Configure-Request is not swallowed by the client's
    // chat script still reading "CONNECT".
    Duration open_delay = std::chrono::seconds(1);
    // --auth: the client must authenticate with this protocol as auth_user
    // (empty: any name) with auth_password; auth_name is our name in challenges.
    std::optional<auth::Method> auth;
    std::string auth_user, auth_password, auth_name = "pppkit-sim";
};

class Isp final : private SessionObserver {
public:
    struct Handlers {
        std::function<void(Bytes)> send_line;         // HDLC bytes for the line
        std::function<std::size_t()> line_backlog;    // bytes queued on the line
        std::function<void(ExitStatus)> finished;     // PPP ended: hang up (called from inside the session)
    };

    // Creates and configures the TUN device when config.tun_name is set. Throws std::system_error.
    Isp(io::EventLoop& loop, IspConfig config, Handlers handlers);
    ~Isp() override;
    Isp(const Isp&) = delete;
    Isp& operator=(const Isp&) = delete;

    // The modem went online: a new session, LCP starts soon.
    void start_call();
    // Bytes from the line in data mode.
    void input(Bytes bytes);
    // The call is over (carrier dropped): the session goes down and away.
    void end_call();
    bool in_call() const { return static_cast<bool>(session_); }
    // The ISP's end stops dead for the rest of this call, the carrier kept:
    // nothing is read or answered (LCP echo requests included), nothing sent.
    void freeze();
    // The line's output buffer is empty again: resume reading the TUN.
    void line_drained();

    std::uint64_t echo_replies() const { return echo_replies_; }
    std::uint64_t dropped_packets() const { return dropped_packets_; }

private:
    // SessionObserver
    void send_line(Bytes bytes) override;
    void deliver_ipv4(Bytes packet) override;
    void phase_changed(Phase from, Phase to) override;
    void network_up(const NetworkInfo& info) override;
    void network_down() override;
    void deliver_ipv6(Bytes packet) override;
    void ipv6_up(const Ipv6Info& info) override;
    void ipv6_down() override;
    void finished(ExitStatus status, std::string_view reason) override;
    void log(LogLevel level, std::string_view line) override;

    void open_session();
    void after_session_call();
    void on_tun(std::uint32_t revents);
    void pause_tun(bool paused);

    io::EventLoop& loop_;
    IspConfig config_;
    Handlers handlers_;
    std::unique_ptr<Session> session_;
    bool opened_ = false;
    bool ended_ = false;  // finished() seen: input is ignored until end_call()
    bool frozen_ = false; // freeze(): until the next call
    io::Deadline deadline_;
    io::Source open_timer_;
    std::vector<std::vector<std::uint8_t>> replies_;  // echo replies built during a session call
    std::vector<std::vector<std::uint8_t>> replies6_;
    std::optional<std::uint64_t> ipv6_id_;  // our interface identifier while IPv6CP is up
    std::optional<io::Tun> tun_;
    io::Source tun_source_;
    bool tun_paused_ = false;
    std::vector<std::uint8_t> tun_buf_;
    std::uint64_t echo_replies_ = 0;
    std::uint64_t dropped_packets_ = 0;
};

}  // namespace ppp::sim
