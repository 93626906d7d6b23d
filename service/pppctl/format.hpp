// pppctl's output: a link's properties as stable JSON (snake_case keys) and
// as short human text. Pure: no bus, no clock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace pppctl {

using Value = std::variant<std::string, std::vector<std::string>, std::uint64_t, std::int64_t, bool>;

// One link's properties, keyed by D-Bus property name, in the contract's
// order (unknown names last, alphabetically).
class LinkInfo {
public:
    explicit LinkInfo(std::vector<std::pair<std::string, Value>> properties);

    const std::vector<std::pair<std::string, Value>>& properties() const { return properties_; }
    std::string text(std::string_view property) const;           // "" when absent or not a string
    std::uint64_t number(std::string_view property) const;       // 0 when absent; negatives as 0
    std::int64_t signed_number(std::string_view property) const; // 0 when absent
    std::vector<std::string> list(std::string_view property) const;

private:
    const Value* find(std::string_view property) const;
    std::vector<std::pair<std::string, Value>> properties_;
};

// "RxBytes" -> "rx_bytes", "DNS" -> "dns", "LocalAddress6" -> "local_address6".
std::string snake_case(std::string_view name);
// A JSON string literal, quotes included.
std::string json_string(std::string_view text);

std::string to_json(const LinkInfo& link);                // one object, one key per line
std::string to_json(const std::vector<LinkInfo>& links);  // an array of those

// "isp: Running — ppp0 10.64.0.2 → 10.64.0.1", "isp: Disconnected — The line is busy"
std::string summary_line(const LinkInfo& link);
// summary_line plus indented details; `now_usec` is the current CLOCK_REALTIME.
std::string human_status(const LinkInfo& link, std::uint64_t now_usec);

// "2026-12-01 18:40:03" in the local time zone; `usec` is CLOCK_REALTIME.
std::string local_time(std::uint64_t usec);

// "1.2 KiB", "900 B"
std::string human_bytes(std::uint64_t bytes);
// "3 h 5 min", "2 min 3 s", "7 s"
std::string human_duration(std::uint64_t seconds);

}  // namespace pppctl
