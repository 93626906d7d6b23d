#include "modem.hpp"

#include <utility>

namespace ppp::sim {
namespace {

constexpr char kCr = '\r';
constexpr char kLf = '\n';
constexpr std::uint8_t kBackspace = 0x08;
constexpr std::uint8_t kDelete = 0x7f;

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return upper(c) >= 'A' && upper(c) <= 'Z'; }
bool printable(std::uint8_t b) { return b >= 0x20 && b < 0x7f; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

// Reads an optional decimal argument at `pos` (saturating, so a long digit
// string cannot overflow).
std::optional<unsigned> read_number(std::string_view s, std::size_t& pos) {
    unsigned value = 0;
    std::size_t n = 0;
    while (pos < s.size() && is_digit(s[pos])) {
        if (value < 100000) value = value * 10 + static_cast<unsigned>(s[pos] - '0');
        ++pos;
        ++n;
    }
    if (n == 0) return std::nullopt;
    return value;
}

}  // namespace

std::string_view to_string(ModemEvent::Kind k) {
    switch (k) {
        case ModemEvent::Kind::Command: return "command";
        case ModemEvent::Kind::Dial: return "dial";
        case ModemEvent::Kind::Connect: return "connect";
        case ModemEvent::Kind::LoginFailed: return "login failed";
        case ModemEvent::Kind::LoginOk: return "login";
        case ModemEvent::Kind::Online: return "online";
        case ModemEvent::Kind::Escape: return "escape";
        case ModemEvent::Kind::Resume: return "resume";
        case ModemEvent::Kind::Hangup: return "hangup";
    }
    return "?";
}

Modem::Modem(ModemConfig config) : config_(std::move(config)) { reset_settings(); }

Modem::Output Modem::feed(Bytes in) {
    Output out;
    std::size_t i = 0;
    while (i < in.size() && state_ != State::Online) {
        const std::uint8_t b = in[i++];
        if (state_ == State::Command)
            command_byte(b, out);
        else
            login_byte(b, out);
    }
    if (state_ == State::Online) out.data = in.subspan(i);
    return out;
}

Modem::Output Modem::escape() {
    Output out;
    if (state_ != State::Online) return out;
    state_ = State::Command;
    line_.clear();
    overflow_ = false;
    out.events.push_back({ModemEvent::Kind::Escape, {}});
    result(Result::Ok, out);
    return out;
}

void Modem::hangup() {
    in_call_ = false;
    state_ = State::Command;
    line_.clear();
    overflow_ = false;
    after_cr_ = false;
    login_user_.clear();
    login_failures_ = 0;
}

void Modem::reset_settings() {
    echo_ = true;
    verbose_ = true;
    quiet_ = false;
    sregs_.fill(0);
    sregs_[2] = '+';   // escape character
    sregs_[3] = 13;    // line terminator
    sregs_[4] = 10;    // response formatting
    sregs_[5] = 8;     // backspace
    sregs_[7] = 50;    // seconds to wait for carrier
    sregs_[12] = 50;   // escape guard time, 1/50 s
}

void Modem::send(std::string_view s, Output& out) {
    if (!config_.mute) out.reply.append(s);
}

void Modem::command_byte(std::uint8_t b, Output& out) {
    const char c = static_cast<char>(b);
    if (c == kLf && after_cr_) {  // the LF of a CR LF line end
        after_cr_ = false;
        if (echo_) send("\n", out);
        return;
    }
    after_cr_ = c == kCr;
    if (echo_) send(std::string_view(&c, 1), out);
    if (c == kCr || c == kLf) {
        const std::string line = std::exchange(line_, {});
        if (std::exchange(overflow_, false)) {
            out.events.push_back({ModemEvent::Kind::Command, line.substr(0, 32) + "..."});
            result(Result::Error, out);
            return;
        }
        execute(line, out);
        return;
    }
    if (b == kBackspace || b == kDelete) {
        if (!line_.empty()) line_.pop_back();
        return;
    }
    if (!printable(b)) return;  // line noise is dropped, not buffered
    if (line_.size() >= kMaxLine) {
        overflow_ = true;
        return;
    }
    line_.push_back(c);
}

void Modem::execute(std::string_view raw, Output& out) {
    const std::string_view line = trim(raw);
    if (line.empty()) return;
    out.events.push_back({ModemEvent::Kind::Command, std::string(line)});
    if (line.size() < 2 || upper(line[0]) != 'A' || upper(line[1]) != 'T') {
        result(Result::Error, out);
        return;
    }
    if (run_commands(line.substr(2), out)) result(Result::Ok, out);
}

// Runs the commands after "AT". Returns true when the line ends with OK,
// false when a result has been given already (dial, error).
bool Modem::run_commands(std::string_view cmds, Output& out) {
    std::size_t pos = 0;
    bool hangup_requested = false;
    std::vector<std::string> info;
    while (pos < cmds.size()) {
        const char c = upper(cmds[pos++]);
        switch (c) {
            case ' ': break;
            case 'Z':
                read_number(cmds, pos);
                reset_settings();
                hangup_requested = hangup_requested || in_call_;  // a reset ends the call
                break;
            case 'E': echo_ = read_number(cmds, pos).value_or(0) != 0; break;
            case 'V': verbose_ = read_number(cmds, pos).value_or(0) != 0; break;
            case 'Q': quiet_ = read_number(cmds, pos).value_or(0) != 0; break;
            case 'H':
                read_number(cmds, pos);
                hangup_requested = true;
                break;
            case 'I':
                read_number(cmds, pos);
                info.emplace_back("pppkit-sim");
                break;
            case 'O':  // back online, if a call is up
                read_number(cmds, pos);
                for (auto& t : info) text(t, out);
                if (!in_call_ || hangup_requested) {
                    result(Result::NoCarrier, out);
                    return false;
                }
                result(Result::Connect, out);
                out.events.push_back({ModemEvent::Kind::Resume, {}});
                state_ = State::Online;
                return false;
            case 'D':
                for (auto& t : info) text(t, out);
                if (in_call_) {  // one call at a time
                    result(Result::Error, out);
                    return false;
                }
                dial(trim(cmds.substr(pos)), out);
                return false;
            case '&': {
                if (pos >= cmds.size() || !is_letter(cmds[pos])) {
                    result(Result::Error, out);
                    return false;
                }
                const char which = upper(cmds[pos++]);
                read_number(cmds, pos);
                if (which == 'F') reset_settings();
                break;
            }
            case 'S': {
                const auto reg = read_number(cmds, pos);
                if (!reg || *reg >= sregs_.size() || pos >= cmds.size()) {
                    result(Result::Error, out);
                    return false;
                }
                if (cmds[pos] == '?') {
                    ++pos;
                    std::string v = std::to_string(sregs_[*reg]);
                    info.push_back(std::string(3 - std::min<std::size_t>(3, v.size()), '0') + v);
                } else if (cmds[pos] == '=') {
                    ++pos;
                    const auto value = read_number(cmds, pos);
                    if (!value || *value > 255) {
                        result(Result::Error, out);
                        return false;
                    }
                    sregs_[*reg] = static_cast<std::uint8_t>(*value);
                } else {
                    result(Result::Error, out);
                    return false;
                }
                break;
            }
            // Extended command sets (AT+CGDCONT=..., AT&K3 is handled above):
            // accepted as a whole.
            case '+': case '%': case '\\': case '#': case '*': case '^': case '$':
                pos = cmds.size();
                break;
            default:
                if (c >= 'A' && c <= 'Z') {
                    read_number(cmds, pos);
                    break;
                }
                result(Result::Error, out);
                return false;
        }
    }
    for (auto& t : info) text(t, out);
    if (hangup_requested) out.events.push_back({ModemEvent::Kind::Hangup, {}});
    return true;
}

void Modem::dial(std::string_view number, Output& out) {
    // Tone or pulse dialling is all the same here.
    if (!number.empty() && (upper(number.front()) == 'T' || upper(number.front()) == 'P')) number.remove_prefix(1);
    out.events.push_back({ModemEvent::Kind::Dial, std::string(trim(number))});
    if (config_.mute) return;
    switch (config_.dial) {
        case DialOutcome::Busy: result(Result::Busy, out); return;
        case DialOutcome::NoCarrier: result(Result::NoCarrier, out); return;
        case DialOutcome::NoDialtone: result(Result::NoDialtone, out); return;
        case DialOutcome::Connect: break;
    }
    result(Result::Connect, out);
    in_call_ = true;
    out.events.push_back({ModemEvent::Kind::Connect, {}});
    connected(out);
}

void Modem::connected(Output& out) {
    login_failures_ = 0;
    line_.clear();
    overflow_ = false;
    if (!config_.login) {
        go_online(out);
        return;
    }
    state_ = State::LoginUser;
    send("\r\n\r\nUser Access Verification\r\n\r\nUsername: ", out);
}

void Modem::go_online(Output& out) {
    state_ = State::Online;
    line_.clear();
    out.events.push_back({ModemEvent::Kind::Online, {}});
}

void Modem::login_byte(std::uint8_t b, Output& out) {
    const char c = static_cast<char>(b);
    if (c == kLf && after_cr_) {
        after_cr_ = false;
        return;
    }
    after_cr_ = c == kCr;
    if (c == kCr || c == kLf) {
        login_line(out);
        return;
    }
    const bool echoed = state_ == State::LoginUser;  // passwords are never echoed
    if (b == kBackspace || b == kDelete) {
        if (!line_.empty()) {
            line_.pop_back();
            if (echoed) send("\b \b", out);
        }
        return;
    }
    if (!printable(b)) return;
    if (line_.size() >= kMaxLine) {
        overflow_ = true;
        return;
    }
    line_.push_back(c);
    if (echoed) send(std::string_view(&c, 1), out);
}

void Modem::login_line(Output& out) {
    const std::string entered = std::exchange(line_, {});
    const bool too_long = std::exchange(overflow_, false);
    send("\r\n", out);
    if (state_ == State::LoginUser) {
        if (entered.empty() && !too_long) {
            send("Username: ", out);
            return;
        }
        login_user_ = too_long ? std::string() : entered;
        login_user_ok_ = !too_long && (!config_.user || *config_.user == entered);
        state_ = State::LoginPassword;
        send("Password: ", out);
        return;
    }
    const bool password_ok = !too_long && (!config_.password || *config_.password == entered);
    if (login_user_ok_ && password_ok) {
        out.events.push_back({ModemEvent::Kind::LoginOk, login_user_});
        send(">", out);
        go_online(out);
        return;
    }
    ++login_failures_;
    out.events.push_back({ModemEvent::Kind::LoginFailed, login_user_});
    send("% Login invalid\r\n\r\n", out);
    if (login_failures_ >= config_.login_attempts) {
        out.events.push_back({ModemEvent::Kind::Hangup, {}});
        hangup();
        return;
    }
    state_ = State::LoginUser;
    send("Username: ", out);
}

void Modem::result(Result r, Output& out) {
    if (quiet_) return;
    std::string_view word;
    int code = 0;
    switch (r) {
        case Result::Ok: word = "OK", code = 0; break;
        case Result::Connect: word = "CONNECT", code = 1; break;
        case Result::Ring: word = "RING", code = 2; break;
        case Result::NoCarrier: word = "NO CARRIER", code = 3; break;
        case Result::Error: word = "ERROR", code = 4; break;
        case Result::NoDialtone: word = "NO DIALTONE", code = 6; break;
        case Result::Busy: word = "BUSY", code = 7; break;
    }
    if (!verbose_) {
        send(std::to_string(code) + "\r", out);
        return;
    }
    std::string s = "\r\n" + std::string(word);
    if (r == Result::Connect) s += " " + std::to_string(config_.speed);
    send(s + "\r\n", out);
}

void Modem::text(std::string_view s, Output& out) {
    if (verbose_)
        send("\r\n" + std::string(s) + "\r\n", out);
    else
        send(std::string(s) + "\r\n", out);
}

}  // namespace ppp::sim
