#include "dbus/log_ring.hpp"

namespace ppp::dbus {
namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 (D-Bus strings must be
// valid UTF-8; a line with modem noise must not make GetLog fail).
std::size_t utf8_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80) return c == 0 ? 0 : 1;
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07;
    else return 0;
    if (i + n > text.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_length(text, i);
        if (n == 0) {
            out += '?';
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

}  // namespace

std::string LogRing::sanitize(std::string_view text) { return valid_utf8(text); }

void LogRing::add(std::uint64_t usec, std::string_view raw) {
    if (max_lines_ == 0) return;
    const std::string clean = valid_utf8(raw);
    const std::string_view text = clean;
    std::string line;
    if (text.size() > kMaxLineBytes) {
        // Cut on a UTF-8 character boundary: D-Bus strings must stay valid UTF-8.
        std::size_t cut = kMaxLineBytes - 3;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        line.assign(text.substr(0, cut));
        line += "...";
    } else {
        line.assign(text);
    }
    if (lines_.size() == max_lines_) lines_.pop_front();
    lines_.push_back(Line{usec, std::move(line)});
}

}  // namespace ppp::dbus
