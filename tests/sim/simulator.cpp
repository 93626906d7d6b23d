#include "simulator.hpp"

#include <system_error>

#include "log.hpp"

namespace ppp::sim {
namespace {

std::string_view outcome_name(const ModemConfig& m) {
    if (m.mute) return "no answer (mute)";
    switch (m.dial) {
        case DialOutcome::Connect: return "CONNECT";
        case DialOutcome::Busy: return "BUSY";
        case DialOutcome::NoCarrier: return "NO CARRIER";
        case DialOutcome::NoDialtone: return "NO DIALTONE";
    }
    return "?";
}

// How long a hang-up waits for the client to read the last reply.
constexpr auto kDrainLimit = std::chrono::seconds(1);

Bytes as_bytes(const std::string& s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

}  // namespace

Simulator::Simulator(io::EventLoop& loop, SimConfig config)
    : loop_(loop),
      config_(std::move(config)),
      modem_(config_.modem),
      line_(loop, config_.link,
            PtyLine::Handlers{
                .input = [this](Bytes b) { on_input(b); },
                .closed = [this] { hang_up("the client closed the line", false); },
                .drained = [this] { isp_.line_drained(); },
            }),
      isp_(loop, config_.isp,
           Isp::Handlers{
               // Frames sent while the modem is in command mode ("+++") are lost, as on a real modem.
               .send_line = [this](Bytes b) { if (modem_.online()) line_.write(b); },
               .line_backlog = [this] { return line_.pending(); },
               .finished = [this](ExitStatus) { hang_up("PPP is over", true); },
           }) {}

void Simulator::start() {
    line_.open();
    log_line("modem ready on " + line_.link() + " -> " + line_.slave_path());
}

void Simulator::drop_carrier_now() {
    if (!call_up_) {
        log_line("no call to drop");
        return;
    }
    log_line("dropping the carrier on request");
    hang_up("carrier lost on request", false);
}

void Simulator::freeze_isp() {
    if (!call_up_ || !isp_.in_call()) {
        log_line("no call to freeze");
        return;
    }
    isp_.freeze();
}

void Simulator::on_input(Bytes bytes) {
    if (hangup_pending_) return;  // the call is being dropped
    if (modem_.online()) {
        data(bytes);
        return;
    }
    const auto out = modem_.feed(bytes);
    modem_output(out);
    if (!out.data.empty() && modem_.online() && !hangup_pending_) data(out.data);
}

void Simulator::modem_output(const Modem::Output& out) {
    if (!out.reply.empty()) line_.write(as_bytes(out.reply));
    for (const auto& ev : out.events) on_modem_event(ev);
}

void Simulator::data(Bytes bytes) {
    const Time now = io::EventLoop::now();
    escape_.set_guard(modem_.guard_time());
    escape_.input(now, bytes);
    isp_.input(bytes);
    const auto when = escape_.deadline();
    if (when == escape_armed_) return;
    escape_armed_ = when;
    escape_timer_.reset();
    if (when) escape_timer_ = loop_.add_timer(*when, [this] { on_escape_timer(); });
}

void Simulator::on_escape_timer() {
    escape_armed_.reset();
    if (hangup_pending_ || !modem_.online() || !escape_.tick(io::EventLoop::now())) return;
    modem_output(modem_.escape());
}

void Simulator::on_modem_event(const ModemEvent& ev) {
    using K = ModemEvent::Kind;
    switch (ev.kind) {
        case K::Command: log_line("modem: " + ev.text); break;
        case K::Dial: log_line("modem: dialing '" + ev.text + "': " + std::string(outcome_name(config_.modem))); break;
        case K::Connect:
            call_up_ = true;
            log_line("modem: CONNECT " + std::to_string(config_.modem.speed));
            break;
        case K::LoginOk: log_line("login: user '" + ev.text + "' accepted"); break;
        case K::LoginFailed: log_line("login: user '" + ev.text + "' refused"); break;
        case K::Online:
            log_line("modem: online, starting PPP (server role)");
            escape_.reset();
            isp_.start_call();
            break;
        case K::Escape: log_line("modem: +++ escape: command mode, the call is kept"); break;
        case K::Resume:
            log_line("modem: back online");
            escape_.reset();
            break;
        case K::Hangup:
            if (call_up_)
                hang_up("the modem was told to hang up", true);
            else
                log_line("modem: on hook");
            break;
    }
}

void Simulator::hang_up(std::string why, bool drain) {
    if (hangup_pending_) return;
    hangup_pending_ = true;
    deferred_ = loop_.add_defer([this, why = std::move(why), drain] { finish_hang_up(why, drain); });
}

void Simulator::finish_hang_up(const std::string& why, bool drain) {
    const bool was_call = call_up_;
    call_up_ = false;
    isp_.end_call();
    modem_.hangup();
    escape_.reset();
    escape_timer_.reset();
    escape_armed_.reset();
    if (drain) {
        log_line("hanging up once the client has read what was sent");
        line_.when_drained(kDrainLimit, [this, why, was_call] { drop_carrier(why, was_call); });
    } else {
        drop_carrier(why, was_call);
    }
}

void Simulator::drop_carrier(const std::string& why, bool was_call) {
    hangup_pending_ = false;
    line_.close();
    log_line(was_call ? "call ended (" + why + "): carrier dropped" : why);
    if (config_.once && was_call) {
        log_line("the call is over (--once): exiting");
        loop_.exit(0);
        return;
    }
    try {
        line_.open();
        log_line("modem ready on " + line_.link() + " -> " + line_.slave_path());
    } catch (const std::system_error& e) {
        log_line(std::string("cannot open a new line: ") + e.what());
        loop_.exit(1);
    }
}

}  // namespace ppp::sim
