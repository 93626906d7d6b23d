#include "core/option_values.hpp"

#include <algorithm>

namespace ppp::config {
namespace {

int digit_value(char c, int base) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    return v < base ? v : -1;
}

constexpr long long kMagnitudeLimit = 1LL << 62;

// Digits of `base` only, no sign or prefix; false when empty or another character.
NumberError parse_digits(std::string_view text, int base, unsigned long long limit, unsigned long long& out) {
    if (text.empty()) return NumberError::NotANumber;
    unsigned long long v = 0;
    bool too_big = false;
    for (char c : text) {
        const int d = digit_value(c, base);
        if (d < 0) return NumberError::NotANumber;
        if (!too_big) {
            v = v * static_cast<unsigned>(base) + static_cast<unsigned>(d);
            if (v > limit) too_big = true;
        }
    }
    if (too_big) return NumberError::OutOfRange;
    out = v;
    return NumberError::None;
}

}  // namespace

NumberError parse_number(std::string_view text, long long& out) {
    bool negative = false;
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    int base = 10;
    if (text.size() > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text.remove_prefix(2);
    } else if (text.size() > 1 && text[0] == '0') {
        base = 8;
        text.remove_prefix(1);
    }
    unsigned long long v = 0;
    const NumberError e = parse_digits(text, base, static_cast<unsigned long long>(kMagnitudeLimit), v);
    if (e != NumberError::None) return e;
    out = negative ? -static_cast<long long>(v) : static_cast<long long>(v);
    return NumberError::None;
}

std::optional<std::uint32_t> parse_hex32(std::string_view text) {
    if (text.size() > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) text.remove_prefix(2);
    unsigned long long v = 0;
    if (parse_digits(text, 16, 0xffffffffULL, v) != NumberError::None) return std::nullopt;
    return static_cast<std::uint32_t>(v);
}

std::optional<std::vector<std::uint8_t>> parse_escape_list(std::string_view text, std::string& error) {
    std::vector<std::uint8_t> out;
    while (true) {
        const auto comma = text.find(',');
        const std::string_view item = text.substr(0, comma);
        const auto v = parse_hex32(item);
        if (!v || *v > 0xff) {
            error = "'" + std::string(item) + "' is not a hex character (00..ff)";
            return std::nullopt;
        }
        if ((*v >= 0x20 && *v <= 0x3f) || *v == 0x5e) {
            error = "character " + hex(*v) + " cannot be escaped (0x20-0x3f and 0x5e never are)";
            return std::nullopt;
        }
        out.push_back(static_cast<std::uint8_t>(*v));
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::optional<std::uint64_t> parse_interface_id(std::string_view text) {
    // Split into 16-bit groups around at most one "::".
    std::vector<std::uint16_t> head, tail;
    bool compressed = false;
    std::vector<std::uint16_t>* groups = &head;
    std::size_t i = 0;
    if (text.substr(0, 2) == "::") {
        compressed = true;
        groups = &tail;
        i = 2;
    }
    while (i < text.size()) {
        const auto end = text.find(':', i);
        const std::string_view g = text.substr(i, end == std::string_view::npos ? end : end - i);
        unsigned long long v = 0;
        if (g.size() > 4 || parse_digits(g, 16, 0xffff, v) != NumberError::None) return std::nullopt;
        groups->push_back(static_cast<std::uint16_t>(v));
        if (end == std::string_view::npos) break;
        i = end + 1;
        if (i < text.size() && text[i] == ':') {
            if (compressed) return std::nullopt;
            compressed = true;
            groups = &tail;
            ++i;
        } else if (i == text.size()) {
            return std::nullopt;  // a trailing single ':'
        }
    }
    const std::size_t n = head.size() + tail.size();
    if (n > 8 || (!compressed && n != 8) || (compressed && n == 8) || text.empty()) return std::nullopt;
    std::vector<std::uint16_t> all = head;
    all.resize(8 - tail.size(), 0);
    all.insert(all.end(), tail.begin(), tail.end());
    std::uint64_t id = 0;
    for (std::size_t k = 4; k < 8; ++k) id = (id << 16) | all[k];
    return id;
}

std::string format_interface_id(std::uint64_t id) {
    static const char* const digits = "0123456789abcdef";
    std::string out = "::";
    bool leading = true;  // skip the leading zero groups
    for (int k = 3; k >= 0; --k) {
        const auto g = static_cast<unsigned>((id >> (16 * k)) & 0xffff);
        if (leading && g == 0 && k > 0) continue;
        if (!leading) out += ':';
        leading = false;
        std::string group;
        unsigned v = g;
        do {
            group.insert(group.begin(), digits[v & 0xf]);
            v >>= 4;
        } while (v);
        out += group;
    }
    return out;
}

bool parse_address_pair(std::string_view word, std::optional<Ipv4>& local, std::optional<Ipv4>& remote) {
    const auto colon = word.find(':');
    if (colon == std::string_view::npos || word.find(':', colon + 1) != std::string_view::npos) return false;
    const std::string_view l = word.substr(0, colon);
    const std::string_view r = word.substr(colon + 1);
    std::optional<Ipv4> lip, rip;
    if (!l.empty() && !(lip = Ipv4::parse(l))) return false;
    if (!r.empty() && !(rip = Ipv4::parse(r))) return false;
    if (!lip && !rip) return false;
    local = lip;
    remote = rip;
    return true;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0u : 1u)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string hex(std::uint64_t value) {
    static const char* const digits = "0123456789abcdef";
    std::string out;
    do {
        out.insert(out.begin(), digits[value & 0xf]);
        value >>= 4;
    } while (value);
    return "0x" + out;
}

}  // namespace ppp::config
