// chat(8): script text and `chat ...` connect commands.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/chat.hpp"

using namespace ppp;
using namespace ppp::chat;
using namespace std::chrono_literals;

namespace {

// --- Script parsing ------------------------------------------------------------------

std::vector<std::string> words_of(const Script& s) {
    std::vector<std::string> w;
    for (const auto& t : s.words) w.push_back(t.text);
    return w;
}

TEST(ChatScript, QuotesCommentsAndLines) {
    const auto s = parse_script("# a comment\n"
                                "ABORT 'NO CARRIER' ABORT \"BUSY\"\n"
                                "'' ATZ   # not a comment mid-line\n"
                                "\t'ab'cd 'it\\'s' OK\\r\\n\n"
                                "  # indented: words, as chat reads them\n",
                                "f");
    const std::vector<std::string> expected = {"ABORT", "NO CARRIER", "ABORT", "BUSY", "", "ATZ", "#", "not", "a",
                                               "comment", "mid-line", "ab", "cd", "it\\'s", "OK\\r\\n", "#",
                                               "indented:", "words,", "as", "chat", "reads", "them"};
    EXPECT_EQ(words_of(s), expected);
    EXPECT_EQ(s.words[4].line, 3);
    EXPECT_EQ(s.words[11].line, 4);
}

TEST(ChatScript, Errors) {
    const struct {
        const char* text;
        int line;
        const char* what;
    } cases[] = {
        {"ABORT BUSY\n'' ATZ\nOK 'ATDT555\nCONNECT ''\n", 3, "unterminated"},
        {"'' ATZ\nOK \"ATDT\n", 2, "unterminated"},
        {"'' ATZ OK ATDT\nABORT\n", 2, "ABORT needs an argument"},
        {"TIMEOUT\n", 1, "TIMEOUT needs an argument"},
        {"TIMEOUT ten OK x\n", 1, "TIMEOUT needs a number"},
        {"ECHO maybe\n", 1, "ON or OFF"},
        {"ABORT ''\n", 1, "non-empty"},
        {"'' @/etc/ppp/secret\n", 1, "not supported"},
        {"ogin:-@/tmp/x-ogin: x\n", 1, "not supported"},
    };
    for (const auto& c : cases) {
        try {
            parse_script(c.text, "chat-isp");
            ADD_FAILURE() << c.text;
        } catch (const config::Error& e) {
            EXPECT_EQ(e.file(), "chat-isp") << c.text;
            EXPECT_EQ(e.line(), c.line) << c.text;
            EXPECT_NE(std::string(e.what()).find(c.what), std::string::npos) << e.what();
            EXPECT_EQ(std::string(e.what()).rfind("chat-isp:" + std::to_string(c.line) + ": ", 0), 0u) << e.what();
        }
    }
}

TEST(ChatScript, FromWords) {
    const auto s = script_from_words({"", "ATZ", "OK", "ATDT\\T"}, "connect");
    EXPECT_EQ(words_of(s), (std::vector<std::string>{"", "ATZ", "OK", "ATDT\\T"}));
    EXPECT_THROW(script_from_words({"", "ATZ", "ABORT"}, "connect"), config::Error);
}

// --- Connect commands --------------------------------------------------------------------

TEST(ChatInvocation, Accepted) {
    auto a = parse_invocation("chat -v -f /etc/ppp/chat-isp");
    ASSERT_TRUE(a);
    EXPECT_TRUE(a->verbose);
    EXPECT_EQ(a->script_file, "/etc/ppp/chat-isp");
    EXPECT_TRUE(a->inline_script.empty());
    EXPECT_EQ(a->timeout, Duration(45s));

    auto b = parse_invocation("/usr/sbin/chat -t 30 \"\" ATZ OK");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->timeout, Duration(30s));
    EXPECT_EQ(b->inline_script, (std::vector<std::string>{"", "ATZ", "OK"}));
    EXPECT_FALSE(b->script_file);

    auto c = parse_invocation("/usr/bin/chat -vsSeE -t5 -T 5551234 -U99 -- '' 'ATDT\\T' \"a\\\"b\" x\\ y");
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->verbose && c->log_to_stderr && c->no_syslog && c->echo && c->use_environment);
    EXPECT_EQ(c->timeout, Duration(5s));
    EXPECT_EQ(c->phone, "5551234");
    EXPECT_EQ(c->phone2, "99");
    EXPECT_EQ(c->inline_script, (std::vector<std::string>{"", "ATDT\\T", "a\"b", "x y"}));

    auto d = parse_invocation("  chat   -f'/etc/ppp/my chat'  ");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->script_file, "/etc/ppp/my chat");

    auto e = parse_invocation("chat -t 0 '' AT");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->timeout, Duration(45s));
    EXPECT_FALSE(e->report_file);

    auto f = parse_invocation("chat -V -r /var/log/chat.report -f /etc/ppp/chat-isp");
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->verbose);
    EXPECT_EQ(f->report_file, "/var/log/chat.report");
    EXPECT_EQ(f->script_file, "/etc/ppp/chat-isp");
}

TEST(ChatInvocation, RunExternally) {
    const char* const cases[] = {
        "",
        "   ",
        "exec chat -v -f /etc/ppp/chat-isp",
        "chat -r",
        "chat -f x -r",
        "chat -q -f x",
        "chat -x '' AT",
        "socat - /dev/ttyS0",
        "/usr/local/bin/chat -f x",
        "chatty -f x",
        "chat -f x | tee log",
        "chat -f x > /dev/null",
        "chat -f x; echo done",
        "chat -f x && true",
        "chat -f $HOME/chat",
        "chat -f \"$HOME/chat\"",
        "chat -f `which x`",
        "chat -f ~/chat",
        "chat -f /etc/ppp/chat-*",
        "chat -f x # comment",
        "VAR=1 chat -f x",
        "chat -f 'unterminated",
        "chat -f \"unterminated",
        "chat -f x\\",
        "chat -f x\nchat -f y",
        "chat -t",
        "chat -t abc '' AT",
        "chat -t -5 '' AT",
        "chat -f",
        "chat -v",
        "chat -f x '' AT",
        "(chat -f x)",
    };
    for (const char* c : cases) EXPECT_FALSE(parse_invocation(c)) << c;
}

TEST(ChatScript, AbortStringsInChatsNumbering) {
    const auto s = parse_script("ABORT BUSY ABORT 'NO CARRIER' ABORT ERROR CLR_ABORT 'NO CARRIER' "
                                "'' ATZ OK ATDT ABORT 'NO\\sANSWER' CONNECT ''",
                                "s");
    EXPECT_EQ(abort_strings(s, Invocation{}), (std::vector<std::string>{"BUSY", "ERROR", "NO ANSWER"}));
    EXPECT_TRUE(abort_strings(parse_script("'' ATZ OK", "s"), Invocation{}).empty());
}

}  // namespace
