// chat(8) strings, shared by the script checker (chat_script.cpp) and the
// engine (chat.cpp): keywords, alternatives `a-s-b`, and the escapes, which
// are interpreted here, once, when a string is used. Not a public contract.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/chat.hpp"

namespace ppp::chat::detail {

constexpr std::size_t kMatchWindow = 1024;  // longest expect/ABORT/REPORT string; modem output kept for matching
constexpr Duration kDefaultTimeout = std::chrono::seconds(45);
constexpr Duration kDelay = std::chrono::seconds(1);        // \d
constexpr Duration kPause = std::chrono::milliseconds(100);  // \p
constexpr const char* kMask = "??????";

enum class Keyword { None, Abort, ClrAbort, Report, ClrReport, Timeout, Say, Echo, Hangup };
Keyword keyword_of(const std::string& w);

// A non-negative number of seconds (digits only, at most 7 of them).
std::optional<int> parse_seconds(std::string_view s);
// TIMEOUT 0 and -t 0 mean the default.
Duration timeout_of(int seconds);

// Splits "a-s1-b-s2-c" at the dashes that are not escaped; escapes stay for
// the interpreter (`\-` later becomes '-').
std::vector<std::string> split_alternatives(const std::string& word);

// Control characters as ^X, bytes above 0x7f as \ooo.
std::string printable(std::string_view s);

// Expect, ABORT, REPORT and SAY strings: the send-only escapes (\c \d \p \K
// \q) have no effect and a NUL cannot be expected.
std::string plain_string(std::string_view raw, const Invocation& inv);

// A write to the modem, then a pause, or a break condition on the line.
struct Step {
    std::string bytes;
    Duration wait{};
    bool line_break = false;  // BREAK, \K: after the bytes
};

// A send string as writes plus its masked transcript form.
struct Send {
    std::vector<Step> steps;
    std::string shown;
};

// EOT, BREAK, or a string with its escapes and the return chat adds (unless \c).
Send compile_send(std::string_view raw, const Invocation& inv);

}  // namespace ppp::chat::detail
