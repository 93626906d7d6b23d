#include "pppctl/format.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>

namespace pppctl {
namespace {

constexpr std::array<std::string_view, 21> kOrder{
    "Name",           "State",   "StateReason", "Device",    "Interface", "DataPath", "AuthProtocol",
    "LocalAddress",   "RemoteAddress", "DNS",   "LocalAddress6", "MTU",   "MRU", "ConnectedSince",
    "NextAttempt",
    "RxBytes",        "TxBytes", "RxPackets",   "TxPackets", "ExitStatus", "LastError",
};

std::size_t rank(std::string_view name) {
    const auto it = std::find(kOrder.begin(), kOrder.end(), name);
    return static_cast<std::size_t>(it - kOrder.begin());
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

std::string json_value(const Value& value) {
    struct Visitor {
        std::string operator()(const std::string& s) const { return json_string(s); }
        std::string operator()(const std::vector<std::string>& v) const {
            std::string out = "[";
            for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + json_string(v[i]);
            return out + "]";
        }
        std::string operator()(std::uint64_t n) const { return std::to_string(n); }
        std::string operator()(std::int64_t n) const { return std::to_string(n); }
        std::string operator()(bool b) const { return b ? "true" : "false"; }
    };
    return std::visit(Visitor{}, value);
}

std::string object_json(const LinkInfo& link, std::string_view indent) {
    std::string out = "{\n";
    const auto& props = link.properties();
    for (std::size_t i = 0; i < props.size(); ++i) {
        out += indent;
        out += "  " + json_string(snake_case(props[i].first)) + ": " + json_value(props[i].second);
        out += i + 1 < props.size() ? ",\n" : "\n";
    }
    out += indent;
    out += "}";
    return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += separator;
        out += items[i];
    }
    return out;
}

}  // namespace

std::string local_time(std::uint64_t usec) {
    const auto seconds = static_cast<std::time_t>(usec / 1000000);
    std::tm tm{};
    if (localtime_r(&seconds, &tm) == nullptr) return std::to_string(seconds);
    char buf[64];
    if (std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm) == 0) return std::to_string(seconds);
    return buf;
}

LinkInfo::LinkInfo(std::vector<std::pair<std::string, Value>> properties) : properties_(std::move(properties)) {
    std::stable_sort(properties_.begin(), properties_.end(), [](const auto& a, const auto& b) {
        const auto ra = rank(a.first), rb = rank(b.first);
        return ra != rb ? ra < rb : a.first < b.first;
    });
}

const Value* LinkInfo::find(std::string_view property) const {
    for (const auto& [name, value] : properties_)
        if (name == property) return &value;
    return nullptr;
}

std::string LinkInfo::text(std::string_view property) const {
    const auto* v = find(property);
    const auto* s = v ? std::get_if<std::string>(v) : nullptr;
    return s ? *s : std::string{};
}

std::uint64_t LinkInfo::number(std::string_view property) const {
    const auto* v = find(property);
    if (!v) return 0;
    if (const auto* u = std::get_if<std::uint64_t>(v)) return *u;
    if (const auto* i = std::get_if<std::int64_t>(v)) return *i > 0 ? static_cast<std::uint64_t>(*i) : 0;
    return 0;
}

std::int64_t LinkInfo::signed_number(std::string_view property) const {
    const auto* v = find(property);
    if (!v) return 0;
    if (const auto* i = std::get_if<std::int64_t>(v)) return *i;
    if (const auto* u = std::get_if<std::uint64_t>(v)) return static_cast<std::int64_t>(*u);
    return 0;
}

std::vector<std::string> LinkInfo::list(std::string_view property) const {
    const auto* v = find(property);
    const auto* l = v ? std::get_if<std::vector<std::string>>(v) : nullptr;
    return l ? *l : std::vector<std::string>{};
}

std::string snake_case(std::string_view name) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (is_upper(c)) {
            const bool after_word = i > 0 && is_lower_or_digit(name[i - 1]);
            const bool acronym_end = i > 0 && is_upper(name[i - 1]) && i + 1 < name.size() &&
                                     name[i + 1] >= 'a' && name[i + 1] <= 'z';
            if (after_word || acronym_end) out += '_';
            out += static_cast<char>(c - 'A' + 'a');
        } else {
            out += c;
        }
    }
    return out;
}

std::string json_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::string to_json(const LinkInfo& link) { return object_json(link, "") + "\n"; }

std::string to_json(const std::vector<LinkInfo>& links) {
    std::string out = "[";
    for (std::size_t i = 0; i < links.size(); ++i) out += (i ? ",\n  " : "\n  ") + object_json(links[i], "  ");
    return out + (links.empty() ? "]\n" : "\n]\n");
}

std::string summary_line(const LinkInfo& link) {
    std::string out = link.text("Name") + ": " + link.text("State");
    const auto iface = link.text("Interface");
    if (link.text("State") == "Running" && !iface.empty()) {
        out += " — " + iface;
        const auto local = link.text("LocalAddress"), remote = link.text("RemoteAddress");
        if (!local.empty()) out += " " + local;
        if (!remote.empty()) out += " → " + remote;
    } else if (const auto reason = link.text("StateReason"); !reason.empty()) {
        out += " — " + reason;
    }
    return out;
}

std::string human_status(const LinkInfo& link, std::uint64_t now_usec) {
    std::string out = summary_line(link) + "\n";
    auto row = [&out](std::string_view label, const std::string& value) {
        if (value.empty()) return;
        char buf[16];
        std::snprintf(buf, sizeof buf, "%12.*s: ", static_cast<int>(label.size()), label.data());
        out += buf + value + "\n";
    };
    const bool running = link.text("State") == "Running";
    if (running) row("Reason", link.text("StateReason"));
    row("Device", link.text("Device"));
    if (running) {
        row("Data path", link.text("DataPath"));
        row("Auth", link.text("AuthProtocol"));
        row("DNS", join(link.list("DNS"), " "));
        row("IPv6", link.text("LocalAddress6"));
        if (link.number("MTU") || link.number("MRU"))
            row("MTU/MRU", std::to_string(link.number("MTU")) + "/" + std::to_string(link.number("MRU")));
        if (const auto since = link.number("ConnectedSince"); since > 0) {
            const auto up = now_usec > since ? (now_usec - since) / 1000000 : 0;
            row("Connected", local_time(since) + " (" + human_duration(up) + ")");
        }
        row("Traffic", "received " + human_bytes(link.number("RxBytes")) + " in " +
                           std::to_string(link.number("RxPackets")) + " packets, sent " +
                           human_bytes(link.number("TxBytes")) + " in " + std::to_string(link.number("TxPackets")) +
                           " packets");
    }
    if (const auto next = link.number("NextAttempt"); next > 0 && link.text("State") == "Holdoff") {
        const auto wait = next > now_usec ? (next - now_usec + 999999) / 1000000 : 0;
        row("Next attempt", local_time(next) + " (in " + human_duration(wait) + ")");
    }
    if (const auto error = link.text("LastError"); !error.empty())
        row("Last error", error + " (exit status " + std::to_string(link.signed_number("ExitStatus")) + ")");
    return out;
}

std::string human_bytes(std::uint64_t bytes) {
    if (bytes < 1024) return std::to_string(bytes) + " B";
    static constexpr std::array<const char*, 5> kUnits{"KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = static_cast<double>(bytes) / 1024.0;
    std::size_t unit = 0;
    while (value >= 1024.0 && unit + 1 < kUnits.size()) {
        value /= 1024.0;
        ++unit;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %s", value, kUnits[unit]);
    return buf;
}

std::string human_duration(std::uint64_t seconds) {
    const auto h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
    if (h > 0) return std::to_string(h) + " h " + std::to_string(m) + " min";
    if (m > 0) return std::to_string(m) + " min " + std::to_string(s) + " s";
    return std::to_string(s) + " s";
}

}  // namespace pppctl
