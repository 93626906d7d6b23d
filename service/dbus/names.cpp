#include "dbus/names.hpp"

namespace ppp::dbus {
namespace {

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;  // upper case is not produced by the encoder, so not accepted
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string escape_path_label(std::string_view text) {
    if (text.empty()) return "_";
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size() * 3);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_ascii_letter(c) || (i > 0 && is_ascii_digit(c))) {
            out += c;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out += '_';
            out += kHex[byte >> 4];
            out += kHex[byte & 0x0f];
        }
    }
    return out;
}

std::optional<std::string> unescape_path_label(std::string_view label) {
    if (label == "_") return std::string{};
    if (label.empty()) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < label.size(); ++i) {
        const char c = label[i];
        if (c == '_') {
            if (label.size() - i < 3) return std::nullopt;  // needs two hex digits
            const int hi = hex_value(label[i + 1]);
            const int lo = hex_value(label[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out += static_cast<char>((hi << 4) | lo);
            i += 2;
        } else if (is_ascii_letter(c) || (i > 0 && is_ascii_digit(c))) {
            out += c;
        } else {
            return std::nullopt;
        }
    }
    return out;
}

std::string link_object_path(std::string_view peer_name) {
    return std::string(kLinkPathPrefix) + escape_path_label(peer_name);
}

bool is_peer_name(std::string_view name) {
    if (name.empty() || name.size() > 255 || name.front() == '.') return false;
    for (char c : name) {
        if (c <= ' ' || c > '~' || c == '/') return false;
    }
    if (name.back() == '~') return false;
    if (name.front() == '#' && name.back() == '#') return false;
    for (std::string_view suffix : {".bak", ".orig", ".swp", ".rpmnew", ".rpmsave"}) {
        if (ends_with(name, suffix)) return false;
    }
    for (std::string_view marker : {".dpkg-", ".ucf-"}) {
        if (name.find(marker) != std::string_view::npos) return false;
    }
    return true;
}

}  // namespace ppp::dbus
