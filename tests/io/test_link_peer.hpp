// The far end of a Link under test: a pty whose master side is a tiny Hayes
// modem (ATZ → OK, ATD… → CONNECT or BUSY) that switches to PPP after
// CONNECT, with a ppp::Session in the server role (10.64.0.1, assigning
// 10.64.0.2). Runs on the same EventLoop as the Link. Once its PPP ends
// (Terminate), it is a command-mode modem again (ATH0 → OK).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/session.hpp"
#include "io/event_loop.hpp"
#include "io/pty.hpp"

namespace ppp::io::testing {

class FakePeer final : public SessionObserver {
public:
    // Callback: ATD… hangs up at once (the Link's file of the line is dead),
    // a fresh pty replaces the line at `link`, and once the Link opened it
    // again the modem says RING; ATA then connects.
    enum class Answer { Connect, Busy, Silent, Callback };

    // `link`: a symlink to the pty's slave that device() names ("": the
    // slave itself). Callback needs one.
    FakePeer(EventLoop& loop, Answer answer, std::string link = {});
    ~FakePeer() override;

    const std::string& device() const { return link_.empty() ? pty_.slave_path : link_; }
    // Drops the call: closes the master side (the Link sees a hangup).
    void hang_up();

    // The ISP ends the call politely: LCP Terminate-Request (line stays up).
    void terminate(const std::string& reason);

    // Sends an IPv4 packet to the Link through PPP (once the network is up).
    void send_ipv4(const std::vector<std::uint8_t>& packet);

    // Before the dial: how the ISP's PPP starts after CONNECT.
    Duration ppp_delay{0};        // its first packet this long after CONNECT
    bool passive = false;         // its first packet only after the Link's first bytes
    std::string auth_user;        // authenticates itself to the Link (CHAP/PAP) as this, when asked
    std::string auth_password;

    std::string commands;                                // command lines received, '|' separated
    std::size_t flags_before_ppp = 0;                    // HDLC flags (0x7e) from the Link before our PPP started
    bool online = false;                                 // CONNECT sent, PPP running
    std::optional<NetworkInfo> network;                  // IPCP up on the server side
    std::optional<ExitStatus> finished_status;           // the server session ended
    std::string finished_reason;
    std::vector<std::vector<std::uint8_t>> delivered;    // IPv4 packets from the Link

    static constexpr std::uint32_t kServerIp = 0x0a400001;  // 10.64.0.1
    static constexpr std::uint32_t kClientIp = 0x0a400002;  // 10.64.0.2
    static constexpr std::uint32_t kDns = 0x0a400035;       // 10.64.0.53

private:
    void on_master(std::uint32_t revents);
    void command(const std::string& line);
    void write(const std::uint8_t* data, std::size_t size);
    void write(const std::string& text);
    void flush();
    void rearm();
    void go_online();
    void start_ppp();
    void replace_line();   // Callback: the hang-up and the fresh pty
    void on_slave_opened();

    // SessionObserver
    void send_line(Bytes bytes) override;
    void deliver_ipv4(Bytes packet) override;
    void phase_changed(Phase, Phase to) override;
    void network_up(const NetworkInfo& info) override { network = info; }
    void network_down() override { network.reset(); }
    void finished(ExitStatus status, std::string_view reason) override;
    void log(LogLevel, std::string_view) override {}

    EventLoop& loop_;
    Answer answer_;
    Pty pty_;
    Fd slave_hold_;  // keeps the pty from reporting a hangup before the Link opens it
    Source source_;
    std::string line_;
    std::vector<std::uint8_t> out_;
    std::optional<Session> session_;
    Deadline timer_;
    Deadline ppp_timer_;
    std::string link_;
    Fd inotify_;          // Callback: IN_OPEN on the fresh slave
    Source inotify_source_;
    bool ringing_ = false;
    bool in_input_ = false;  // inside session_->input (the Link's packets)
};

}  // namespace ppp::io::testing
