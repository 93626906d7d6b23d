// pppkit-sim's main object: the modem on the pty line, the ISP behind it,
// and the call's life cycle (command mode → CONNECT → [login] → PPP →
// hang-up → a fresh line for the next call, or exit with --once).
#pragma once

#include <string>

#include "escape.hpp"
#include "io/event_loop.hpp"
#include "isp.hpp"
#include "line.hpp"
#include "modem.hpp"

namespace ppp::sim {

struct SimConfig {
    std::string link;   // where the pty's slave is symlinked
    ModemConfig modem;
    IspConfig isp;
    bool once = false;  // exit 0 after the first connected call ends
};

class Simulator {
public:
    // Creates the TUN device, if configured. Throws std::system_error.
    Simulator(io::EventLoop& loop, SimConfig config);
    // Opens the line: the link path appears, "modem ready" is logged. Throws std::system_error.
    void start();
    Simulator(const Simulator&) = delete;
    Simulator& operator=(const Simulator&) = delete;

    const std::string& slave_path() const { return line_.slave_path(); }

    // Control from tests (pppkit-sim: SIGUSR1 / SIGUSR2).
    // Drops the carrier of the call in progress, as a modem losing the line.
    void drop_carrier_now();
    // The ISP stops answering for the rest of the call; the carrier stays.
    void freeze_isp();

private:
    void on_input(Bytes bytes);
    void on_modem_event(const ModemEvent& ev);
    void modem_output(const Modem::Output& out);
    // Data-mode bytes: watched for "+++", passed to PPP.
    void data(Bytes bytes);
    void on_escape_timer();
    // Schedules the end of the call (outside of any session or line
    // callback). With `drain`, carrier drops only once the client has read
    // what was sent (the OK to ATH, "% Login invalid"): not when the client
    // itself closed the line.
    void hang_up(std::string why, bool drain);
    void finish_hang_up(const std::string& why, bool drain);
    void drop_carrier(const std::string& why, bool was_call);

    io::EventLoop& loop_;
    SimConfig config_;
    Modem modem_;
    PtyLine line_;
    Isp isp_;
    bool call_up_ = false;   // CONNECT was sent and the call has not ended
    bool had_call_ = false;  // a call has connected since start
    bool hangup_pending_ = false;
    io::Source deferred_;
    EscapeDetector escape_{std::chrono::seconds(1)};
    io::Source escape_timer_;
    std::optional<Time> escape_armed_;
};

}  // namespace ppp::sim
