// The Hayes command interpreter of pppkit-sim, as a pure class: bytes from
// the line in, bytes for the line and events out. No I/O, no clock.
//
//   Modem m(config);
//   auto out = m.feed(bytes);   // out.reply → write to the line
//                               // out.events → log / start PPP / hang up
//                               // out.data → bytes that arrived in data mode (for PPP)
//
// Command mode is line-oriented (CR or LF ends a line; LF right after CR is
// part of the same line end), with echo on until ATE0 and verbose result codes
// ("\r\nOK\r\n") until ATV0. ATD answers CONNECT (or BUSY, NO CARRIER,
// NO DIALTONE as configured); after CONNECT an optional Cisco-style login
// (Username:/Password:, then ">") precedes data mode. escape() (the "+++"
// sequence, detected by EscapeDetector) returns to command mode with the call
// kept: ATO resumes it, ATH or ATZ end it. Every buffer is bounded:
// garbage never grows memory and never stops the interpreter.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace ppp::sim {

enum class DialOutcome { Connect, Busy, NoCarrier, NoDialtone };

struct ModemConfig {
    DialOutcome dial = DialOutcome::Connect;
    bool mute = false;   // never answers anything (no echo, no result codes)
    bool login = false;  // Username:/Password: prompts after CONNECT
    std::optional<std::string> user;      // nullopt: any user name is accepted
    std::optional<std::string> password;  // nullopt: any password is accepted
    std::uint32_t speed = 115200;         // reported in "CONNECT <speed>"
    int login_attempts = 3;               // failed logins before the modem hangs up
};

struct ModemEvent {
    enum class Kind {
        Command,      // a command line was executed (text: the line)
        Dial,         // ATD (text: the dial string)
        Connect,      // CONNECT sent: a call is up
        LoginFailed,  // a wrong user name or password (text: the user name)
        LoginOk,      // login accepted (text: the user name)
        Online,       // data mode: everything from now on belongs to PPP
        Escape,       // "+++": command mode, the call is still up
        Resume,       // ATO: back to data mode in the same call
        Hangup,       // ATH (ATZ during a call), or the login gave up: the call (if any) ends
    };
    Kind kind;
    std::string text;
    bool operator==(const ModemEvent&) const = default;
};

std::string_view to_string(ModemEvent::Kind);

class Modem {
public:
    // Longest command or login line kept; longer lines answer ERROR / fail.
    static constexpr std::size_t kMaxLine = 256;

    enum class State { Command, LoginUser, LoginPassword, Online };

    struct Output {
        std::string reply;               // bytes for the line
        std::vector<ModemEvent> events;  // in order
        Bytes data;                      // tail of the input that arrived in data mode
    };

    explicit Modem(ModemConfig config);

    // Consumes `in`. When the modem goes (or is) online, the bytes after the
    // switch are returned untouched in `data` (a view into `in`).
    Output feed(Bytes in);

    // The escape sequence was recognised in data mode: command mode, "OK",
    // the call stays up. Does nothing unless online.
    Output escape();

    // Carrier lost (the ISP hung up or the line was closed): back to command
    // mode, keeping the settings (echo, verbosity) as with AT&D2.
    void hangup();

    State state() const { return state_; }
    bool online() const { return state_ == State::Online; }
    bool echo() const { return echo_; }
    // A call is up (CONNECT sent, not hung up), online or escaped.
    bool in_call() const { return in_call_; }
    // S12: the escape sequence's guard time.
    Duration guard_time() const { return std::chrono::milliseconds(20) * sregs_[12]; }

private:
    enum class Result { Ok, Connect, Ring, NoCarrier, Error, NoDialtone, Busy };

    void command_byte(std::uint8_t b, Output& out);
    void login_byte(std::uint8_t b, Output& out);
    void execute(std::string_view line, Output& out);
    bool run_commands(std::string_view cmds, Output& out);
    void dial(std::string_view number, Output& out);
    void connected(Output& out);
    void go_online(Output& out);
    void login_line(Output& out);
    void result(Result r, Output& out);
    void text(std::string_view s, Output& out);
    void reset_settings();
    void send(std::string_view s, Output& out);

    ModemConfig config_;
    State state_ = State::Command;
    bool echo_ = true;
    bool verbose_ = true;
    bool quiet_ = false;
    bool in_call_ = false;
    std::array<std::uint8_t, 64> sregs_{};
    std::string line_;
    bool overflow_ = false;
    bool after_cr_ = false;  // the previous byte ended a line with CR
    std::string login_user_;
    bool login_user_ok_ = false;
    int login_failures_ = 0;
};

}  // namespace ppp::sim
