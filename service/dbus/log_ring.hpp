// A link's recent transcript: the last lines its LogLine signal carried, with
// the time each was logged, bounded in lines and in bytes so a chatty or
// hostile peer cannot grow the service's memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

namespace ppp::dbus {

class LogRing {
public:
    static constexpr std::size_t kMaxLines = 500;
    static constexpr std::size_t kMaxLineBytes = 1024;  // longer lines are cut (marked with "...")

    struct Line {
        std::uint64_t usec;  // CLOCK_REALTIME
        std::string text;
    };

    explicit LogRing(std::size_t max_lines = kMaxLines) : max_lines_(max_lines) {}

    // Appends a line, dropping the oldest when full. Bytes that are not
    // valid UTF-8 (or NUL) become "?".
    void add(std::uint64_t usec, std::string_view text);
    // `text` with what add() replaces replaced, for the LogLine signal.
    static std::string sanitize(std::string_view text);
    const std::deque<Line>& lines() const { return lines_; }

private:
    std::size_t max_lines_;
    std::deque<Line> lines_;
};

}  // namespace ppp::dbus
