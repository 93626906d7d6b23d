// What the io::Link tests watch: a LinkObserver that keeps every state,
// reason and log line (PPPKIT_TEST_VERBOSE=1 prints them as they come), and
// a hook script that records its $0, arguments and environment, for the
// tests to compare with what pppd passes.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "io/link.hpp"

namespace ppp::io::testing {

struct LinkRecorder : LinkObserver {
    std::vector<LinkState> states;
    std::vector<std::string> reasons;
    std::vector<std::string> logs;
    int status_changes = 0;
    std::function<void(LinkState)> on_state;  // called after each state change is recorded
    const bool verbose = std::getenv("PPPKIT_TEST_VERBOSE") != nullptr;

    void state_changed(LinkState from, LinkState to, const std::string& reason) override {
        if (verbose) {
            std::printf("state %s -> %s: %s\n", std::string(to_string(from)).c_str(),
                        std::string(to_string(to)).c_str(), reason.c_str());
        }
        states.push_back(to);
        reasons.push_back(reason);
        if (on_state) on_state(to);
    }
    void status_changed() override { ++status_changes; }
    void log_line(const std::string& line) override {
        if (verbose) std::printf("log   %s\n", line.c_str());
        logs.push_back(line);
    }

    bool saw(LinkState s) const { return std::find(states.begin(), states.end(), s) != states.end(); }
    long count(LinkState s) const { return std::count(states.begin(), states.end(), s); }
    // Index of the first log line starting with `prefix`, or -1.
    long first(const std::string& prefix) const {
        const auto it =
            std::find_if(logs.begin(), logs.end(), [&](const std::string& l) { return l.rfind(prefix, 0) == 0; });
        return it == logs.end() ? -1 : static_cast<long>(it - logs.begin());
    }
    bool mentions(const std::string& part) const {
        return std::any_of(logs.begin(), logs.end(),
                           [&](const std::string& l) { return l.find(part) != std::string::npos; });
    }
    std::string transcript() const {
        std::string all;
        for (const auto& l : logs) all += l + "\n";
        return all;
    }
};

// A hook script that writes "$0", then each argument as "[arg]", then "--"
// and its sorted environment to OUT.tmp, and renames that to OUT: the file
// appears complete.
inline std::string recording_script(const std::string& out) {
    return "#!/bin/sh\n"
           "{ printf '%s\\n' \"$0\"; for a in \"$@\"; do printf '%s\\n' \"[$a]\"; done; echo --; env | LC_ALL=C sort; } "
           "> '" + out + ".tmp'\nmv '" + out + ".tmp' '" + out + "'\n";
}

// The parts of what recording_script wrote.
inline std::string env_of(const std::string& record) { return record.substr(record.find("--\n") + 3); }
inline std::string args_of(const std::string& record) { return record.substr(0, record.find("--\n")); }

}  // namespace ppp::io::testing
