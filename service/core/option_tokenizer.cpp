// pppd's option-file word syntax (pppd(8) "OPTIONS FILES"): words,
// quotes, backslash escapes, comments, line continuations.
#include "core/options.hpp"

#include <algorithm>
#include <charconv>

namespace ppp::config {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

int digit_value(char c, int base) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    return v < base ? v : -1;
}

}  // namespace

Error::Error(std::string file, int line, const std::string& message)
    : std::runtime_error(file + ":" + std::to_string(line) + ": " + message), file_(std::move(file)), line_(line), message_(message) {}

std::vector<Token> tokenize(std::string_view text, const std::string& file) {
    std::vector<Token> out;
    int line = 1;
    std::size_t i = 0;
    const std::size_t n = text.size();

    // Resolves the escape whose backslash is at text[i - 1], appending to
    // `word`; returns false for a line continuation (nothing appended).
    auto escape = [&](std::string& word) {
        const char e = text[i++];
        switch (e) {
            case 'n': word += '\n'; return true;
            case 't': word += '\t'; return true;
            case 'r': word += '\r'; return true;
            case 'b': word += '\b'; return true;
            case 'f': word += '\f'; return true;
            case 'a': word += '\a'; return true;
            case 's': word += ' '; return true;
            case '\n': ++line; return false;
            case '\r':
                if (i < n && text[i] == '\n') {  // CRLF line ending
                    ++i;
                    ++line;
                    return false;
                }
                word += '\r';
                return true;
            case 'x': {
                int v = 0, digits = 0;
                for (; digits < 2 && i < n && digit_value(text[i], 16) >= 0; ++digits, ++i)
                    v = v * 16 + digit_value(text[i], 16);
                word += digits > 0 ? static_cast<char>(v) : 'x';
                return true;
            }
            default:
                if (digit_value(e, 8) >= 0) {
                    int v = e - '0';
                    for (int k = 0; k < 2 && i < n && digit_value(text[i], 8) >= 0; ++k, ++i)
                        v = v * 8 + digit_value(text[i], 8);
                    word += static_cast<char>(v & 0xff);
                } else {
                    word += e;  // \\ \" \' \# and any other character: itself
                }
                return true;
        }
    };

    while (i < n) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            ++i;
            continue;
        }
        if (is_space(c)) {
            ++i;
            continue;
        }
        if (c == '#') {
            while (i < n && text[i] != '\n') ++i;
            continue;
        }
        Token tok;
        tok.line = line;
        char quote = 0;
        bool any = false;  // a word may be empty (""), but a continuation alone is no word
        while (i < n) {
            const char ch = text[i];
            if (!quote && is_space(ch)) break;
            if (ch == '\\' && i + 1 < n) {
                ++i;
                if (escape(tok.text)) any = true;
                continue;
            }
            ++i;
            if (quote && ch == quote) {
                quote = 0;
            } else if (!quote && (ch == '"' || ch == '\'')) {
                quote = ch;
                any = true;
            } else {
                if (ch == '\n') ++line;
                tok.text += ch;
                any = true;
            }
        }
        if (quote) throw Error(file, tok.line, std::string("unterminated quoted string (missing ") + quote + ")");
        if (any) out.push_back(std::move(tok));
    }
    return out;
}

}  // namespace ppp::config
