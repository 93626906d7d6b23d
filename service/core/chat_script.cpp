// chat(8) script text and `chat ...` connect commands: tokenizing,
// structure checks, sh(1) word splitting of the command.
#include <algorithm>
#include <utility>

#include "core/chat.hpp"
#include "core/chat_text.hpp"

namespace ppp::chat {

using config::Error;
using namespace detail;

namespace {

// ---------------------------------------------------------------------------
// Script text and structure

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::vector<Token> split_words(std::string_view text, const std::string& file) {
    std::vector<Token> out;
    int line = 1;
    bool line_start = true;
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            ++i;
            line_start = true;
            continue;
        }
        if (line_start && c == '#') {  // a comment is a line with # in column 1
            while (i < n && text[i] != '\n') ++i;
            continue;
        }
        line_start = false;
        if (is_blank(c)) {
            ++i;
            continue;
        }
        Token tok;
        tok.line = line;
        if (c == '\'' || c == '"') {
            const char quote = c;
            ++i;
            for (;;) {
                if (i >= n || text[i] == '\n')
                    throw Error(file, tok.line, std::string("unterminated quoted string (missing ") + quote + ")");
                if (text[i] == quote) {
                    ++i;
                    break;
                }
                if (text[i] == '\\' && i + 1 < n && text[i + 1] != '\n') tok.text += text[i++];
                tok.text += text[i++];
            }
        } else {
            while (i < n && text[i] != '\n' && !is_blank(text[i])) {
                if (text[i] == '\\' && i + 1 < n && text[i + 1] != '\n') tok.text += text[i++];
                tok.text += text[i++];
            }
        }
        out.push_back(std::move(tok));
    }
    return out;
}

void check_send(const Token& word, const std::string& file) {
    if (!word.text.empty() && word.text[0] == '@')
        throw Error(file, word.line, "sending from a file ('" + word.text + "') is not supported");
}

void check_expect(const std::string& text, const Token& word, const std::string& file) {
    if (plain_string(text, Invocation{}).size() > kMatchWindow)
        throw Error(file, word.line, "expect string longer than " + std::to_string(kMatchWindow) + " characters");
}

// Walks the script as the engine will: keyword + argument, or expect + send.
void check_structure(const std::vector<Token>& words, const std::string& file) {
    std::size_t i = 0;
    while (i < words.size()) {
        const Token& w = words[i];
        const Keyword k = keyword_of(w.text);
        if (k != Keyword::None) {
            if (i + 1 >= words.size()) throw Error(file, w.line, w.text + " needs an argument");
            const Token& arg = words[i + 1];
            if (k == Keyword::Timeout && !parse_seconds(arg.text))
                throw Error(file, arg.line, "TIMEOUT needs a number of seconds, not '" + arg.text + "'");
            if ((k == Keyword::Echo || k == Keyword::Hangup) && arg.text != "ON" && arg.text != "OFF")
                throw Error(file, arg.line, w.text + " needs ON or OFF, not '" + arg.text + "'");
            if (k == Keyword::Abort || k == Keyword::Report) {
                if (plain_string(arg.text, Invocation{}).empty())
                    throw Error(file, arg.line, w.text + " needs a non-empty string");
                check_expect(arg.text, arg, file);
            }
            i += 2;
            continue;
        }
        const auto parts = split_alternatives(w.text);
        for (std::size_t p = 0; p < parts.size(); ++p) {
            if (p % 2 == 0) {
                check_expect(parts[p], w, file);
            } else {
                check_send(Token{parts[p], w.line}, file);
            }
        }
        if (i + 1 < words.size()) check_send(words[i + 1], file);
        i += 2;
    }
}

// ---------------------------------------------------------------------------
// sh(1) word splitting for connect commands; nullopt for anything a shell
// would do more with than split words.

std::optional<std::vector<std::string>> shell_words(std::string_view s) {
    static constexpr std::string_view kSpecial = "|&;<>()`$*?[]{}\n";
    std::vector<std::string> words;
    std::string cur;
    bool in_word = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == ' ' || c == '\t') {
            if (in_word) words.push_back(std::exchange(cur, {}));
            in_word = false;
            continue;
        }
        if (kSpecial.find(c) != std::string_view::npos) return std::nullopt;
        if ((c == '#' || c == '~') && !in_word) return std::nullopt;  // comment, home directory
        in_word = true;
        if (c == '\\') {
            if (i + 1 >= s.size()) return std::nullopt;
            cur += s[++i];
        } else if (c == '\'') {
            const auto close = s.find('\'', i + 1);
            if (close == std::string_view::npos) return std::nullopt;
            cur.append(s.substr(i + 1, close - i - 1));
            i = close;
        } else if (c == '"') {
            for (++i;; ++i) {
                if (i >= s.size()) return std::nullopt;
                const char d = s[i];
                if (d == '"') break;
                if (d == '$' || d == '`') return std::nullopt;
                if (d == '\\' && i + 1 < s.size() && std::string_view("$`\"\\").find(s[i + 1]) != std::string_view::npos)
                    cur += s[++i];
                else if (d == '\\' && i + 1 < s.size() && s[i + 1] == '\n')
                    ++i;
                else
                    cur += d;
            }
        } else {
            cur += c;
        }
    }
    if (in_word) words.push_back(std::move(cur));
    return words;
}

bool is_chat_program(const std::string& w) { return w == "chat" || w == "/usr/sbin/chat" || w == "/usr/bin/chat"; }

}  // namespace

// ---------------------------------------------------------------------------

std::optional<Invocation> parse_invocation(std::string_view command) {
    const auto words = shell_words(command);
    if (!words || words->empty() || !is_chat_program(words->front())) return std::nullopt;
    Invocation inv;
    std::size_t i = 1;
    for (; i < words->size(); ++i) {
        const std::string& w = (*words)[i];
        if (w == "--") {
            ++i;
            break;
        }
        if (w.size() < 2 || w[0] != '-') break;
        for (std::size_t j = 1; j < w.size(); ++j) {
            const char flag = w[j];
            switch (flag) {
                case 'v':
                case 'V': inv.verbose = true; continue;  // -V: verbose to stderr; the transcript is ours
                case 'e': inv.echo = true; continue;
                case 'E': inv.use_environment = true; continue;
                case 's': inv.log_to_stderr = true; continue;
                case 'S': inv.no_syslog = true; continue;
                case 't': case 'f': case 'r': case 'T': case 'U': break;
                default: return std::nullopt;  // unknown to this engine: real chat handles it
            }
            std::string value;
            if (j + 1 < w.size()) {
                value = w.substr(j + 1);
            } else if (i + 1 < words->size()) {
                value = (*words)[++i];
            } else {
                return std::nullopt;
            }
            if (flag == 't') {
                const auto secs = parse_seconds(value);
                if (!secs) return std::nullopt;
                inv.timeout = timeout_of(*secs);
            } else if (flag == 'f') {
                if (value.empty()) return std::nullopt;
                inv.script_file = value;
            } else if (flag == 'r') {
                if (value.empty()) return std::nullopt;
                inv.report_file = value;
            } else if (flag == 'T') {
                inv.phone = value;
            } else {
                inv.phone2 = value;
            }
            break;  // the value used the rest of this word
        }
    }
    inv.inline_script.assign(words->begin() + static_cast<std::ptrdiff_t>(i), words->end());
    // chat takes -f or script words, not both; with neither it has nothing to run here.
    if (inv.script_file.has_value() == !inv.inline_script.empty()) return std::nullopt;
    return inv;
}

Script parse_script(std::string_view text, const std::string& file) {
    Script s{split_words(text, file)};
    check_structure(s.words, file);
    return s;
}

std::vector<std::string> abort_strings(const Script& script, const Invocation& invocation) {
    std::vector<std::string> list;
    const auto& w = script.words;
    for (std::size_t i = 0; i < w.size();) {
        const Keyword k = keyword_of(w[i].text);
        if (k == Keyword::None) {
            i += 2;  // an expect and its reply
            continue;
        }
        if (i + 1 >= w.size()) break;
        const std::string arg = plain_string(w[i + 1].text, invocation);
        if (k == Keyword::Abort) list.push_back(arg);
        if (k == Keyword::ClrAbort) list.erase(std::remove(list.begin(), list.end(), arg), list.end());
        i += 2;
    }
    return list;
}

Script script_from_words(const std::vector<std::string>& words, const std::string& origin) {
    Script s;
    for (std::size_t i = 0; i < words.size(); ++i) s.words.push_back(Token{words[i], static_cast<int>(i + 1)});
    check_structure(s.words, origin);
    return s;
}

}  // namespace ppp::chat
