#include "escape.hpp"

namespace ppp::sim {

void EscapeDetector::input(Time now, Bytes bytes) {
    for (const std::uint8_t b : bytes) {
        const bool quiet_before = !last_rx_ || now - *last_rx_ >= guard_;
        if (b == '+' && pluses_ < 3 && (pluses_ > 0 || quiet_before)) {
            if (++pluses_ == 3) third_plus_ = now;
        } else {
            pluses_ = 0;  // anything else, or a fourth '+', cancels
        }
        last_rx_ = now;
    }
}

std::optional<Time> EscapeDetector::deadline() const {
    if (pluses_ != 3) return std::nullopt;
    return third_plus_ + guard_;
}

bool EscapeDetector::tick(Time now) {
    if (pluses_ != 3 || now < third_plus_ + guard_) return false;
    pluses_ = 0;
    return true;
}

void EscapeDetector::reset() {
    last_rx_.reset();
    pluses_ = 0;
}

}  // namespace ppp::sim
