// The Hayes escape sequence in data mode: a guard time of silence, "+++",
// another guard time of silence → back to command mode with the call kept
// (then ATH hangs up, ATO goes back online). This is what pppd-era
// disconnect scripts send: chat -- \d+++\d\c OK ATH0 OK.
// Pure: the caller passes the time of each chunk and ticks at deadline().
#pragma once

#include <optional>

#include "core/types.hpp"

namespace ppp::sim {

class EscapeDetector {
public:
    // `guard` is S12 (in 1/50 s on a real modem); zero means no silence is
    // needed: three '+' in a row escape at once.
    explicit EscapeDetector(Duration guard) : guard_(guard) {}
    void set_guard(Duration guard) { guard_ = guard; }

    // Data-mode bytes that arrived at `now`.
    void input(Time now, Bytes bytes);
    // When the escape completes if nothing else arrives before; nullopt when
    // no "+++" is waiting for its trailing guard time.
    std::optional<Time> deadline() const;
    // True (once) when the escape sequence is complete at `now`.
    bool tick(Time now);
    // Forgets everything (a new call).
    void reset();

private:
    Duration guard_;
    std::optional<Time> last_rx_;
    int pluses_ = 0;
    Time third_plus_{};
};

}  // namespace ppp::sim
