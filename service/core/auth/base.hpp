// What every method's protocol object shares: sending, logging, one timer,
// the outcome, challenge bytes.
#pragma once

#include <string>
#include <vector>

#include "core/auth/auth.hpp"
#include "core/packet.hpp"

namespace ppp::auth {

class Base : public Protocol {
public:
    std::optional<Time> next_deadline() const override { return deadline_; }

protected:
    Base(const Config& config, Events& events, std::uint32_t seed) : config_(config), events_(events), fallback_(seed) {}

    void send(const std::vector<std::uint8_t>& packet) { events_.auth_send(protocol(), packet); }
    void log(LogLevel level, const std::string& line) { events_.auth_log(level, line); }
    void finish(Outcome outcome) { events_.auth_done(role(), outcome); }
    void fail(std::string message) {
        Outcome o;
        o.message = std::move(message);
        finish(o);
    }

    std::vector<std::uint8_t> random_bytes(std::size_t n) {
        std::vector<std::uint8_t> out(n);
        if (config_.random) {
            config_.random(out);
        } else {
            for (auto& b : out) b = static_cast<std::uint8_t>(fallback_.next() >> 24);
        }
        return out;
    }

    bool due(Time now) const { return deadline_ && now >= *deadline_; }

    const Config& config_;
    Events& events_;
    std::optional<Time> deadline_;

private:
    Random fallback_;
};

// "id=0x1"
std::string id_text(std::uint8_t id);
// Seconds of a duration, for messages.
std::string seconds(Duration d);

}  // namespace ppp::auth
