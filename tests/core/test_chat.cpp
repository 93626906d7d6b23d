// chat(8): script and command parsing, and the engine against a scripted
// Hayes modem with a fake clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "core/chat.hpp"

using namespace ppp;
using namespace ppp::chat;
using namespace std::chrono_literals;

namespace {

const std::string kMasked(6, '?');  // how a \q secret shows in the transcript
const char* const kSeedScript = "ABORT BUSY ABORT 'NO CARRIER' '' ATZ OK ATDT5551234 CONNECT ''";

std::string text(const std::vector<std::uint8_t>& v) { return std::string(v.begin(), v.end()); }
std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

bool has_line(const std::vector<std::string>& log, const std::string& line) {
    return std::find(log.begin(), log.end(), line) != log.end();
}
bool mentions(const std::vector<std::string>& log, const std::string& part) {
    return std::any_of(log.begin(), log.end(), [&](const std::string& l) { return l.find(part) != std::string::npos; });
}

// A Hayes modem: answers each command line (ended by CR) from the computer.
struct FakeModem {
    enum class Dial { Connect, Busy, NoCarrier, Silent } dial = Dial::Connect;
    bool login = false;          // Cisco-style Username:/Password: after CONNECT
    bool connected = false;
    int login_step = 0;
    std::string line;
    std::string heard;           // every byte the computer wrote

    std::string hear(const std::string& data) {
        std::string reply;
        heard += data;
        for (char c : data) {
            if (c != '\r') {
                line += c;
                continue;
            }
            reply += answer(std::exchange(line, {}));
        }
        return reply;
    }

    std::string answer(const std::string& cmd) {
        if (connected) {
            if (!login) return {};
            switch (login_step++) {
                case 0: return "\r\n\r\nUser Access Verification\r\n\r\nUsername: ";
                case 1: return cmd == "alice" ? "Password: " : "% Login invalid\r\n";
                case 2: return cmd == "s3cretpw" ? "\r\nrouter>" : "% Login invalid\r\n";
                default: return {};
            }
        }
        if (cmd == "ATZ" || cmd == "AT") return "\r\nOK\r\n";
        if (cmd.rfind("ATDT", 0) == 0) {
            switch (dial) {
                case Dial::Connect: connected = true; return "\r\nCONNECT 115200\r\n";
                case Dial::Busy: return "\r\nBUSY\r\n";
                case Dial::NoCarrier: return "\r\nNO CARRIER\r\n";
                case Dial::Silent: return {};
            }
        }
        return "\r\nERROR\r\n";
    }
};

// Runs an engine against a modem on a fake clock until it ends or `limit` passes.
struct Rig {
    Engine engine;
    FakeModem modem;
    Time now{};
    std::vector<std::string> log;
    bool one_byte_at_a_time = false;

    explicit Rig(std::string_view script, Invocation inv = {})
        : engine(parse_script(script, "test-script"), std::move(inv)) {}

    void pump() {
        for (int guard = 0; guard < 1000; ++guard) {
            auto out = engine.take_output();
            auto l = engine.take_log();
            log.insert(log.end(), l.begin(), l.end());
            if (out.empty()) return;
            const auto reply = bytes(modem.hear(text(out)));
            if (one_byte_at_a_time) {
                for (auto b : reply) engine.input(now, Bytes{&b, 1});
            } else {
                engine.input(now, reply);
            }
        }
        FAIL() << "no quiescence";
    }

    Status run(Duration limit = 10min) {
        engine.start(now);
        pump();
        const Time end = now + limit;
        while (engine.status() == Status::Running) {
            const auto d = engine.next_deadline();
            if (!d || *d > end) break;
            now = *d;
            engine.tick(now);
            pump();
        }
        return engine.status();
    }
};

}  // namespace

// --- The seed's script -------------------------------------------------------

TEST(ChatEngine, SeedScriptDialsAndConnects) {
    Rig rig(kSeedScript);
    EXPECT_EQ(rig.run(), Status::Done);
    EXPECT_EQ(rig.modem.heard, "ATZ\rATDT5551234\r\r");
    EXPECT_TRUE(has_line(rig.log, "abort on (BUSY)"));
    EXPECT_TRUE(has_line(rig.log, "abort on (NO CARRIER)"));
    EXPECT_TRUE(has_line(rig.log, "send (ATZ^M)"));
    EXPECT_TRUE(has_line(rig.log, "expect (OK)"));
    EXPECT_TRUE(has_line(rig.log, "-- got it"));
    EXPECT_TRUE(has_line(rig.log, "expect (CONNECT)"));
    // What followed CONNECT is left for whoever reads the line next.
    EXPECT_EQ(text(rig.engine.take_unread()), " 115200\r\n");
    EXPECT_FALSE(rig.engine.next_deadline());
}

TEST(ChatEngine, BusyIsTheFirstAbortString) {
    Rig rig(kSeedScript);
    rig.modem.dial = FakeModem::Dial::Busy;
    EXPECT_EQ(rig.run(), Status::Failed);
    EXPECT_EQ(rig.engine.failure().exit_code, 4);
    EXPECT_EQ(rig.engine.failure().abort_string, "BUSY");
    EXPECT_EQ(rig.engine.failure().message, "matched ABORT string \"BUSY\"");
}

TEST(ChatEngine, NoCarrierIsTheSecondAbortString) {
    Rig rig(kSeedScript);
    rig.modem.dial = FakeModem::Dial::NoCarrier;
    EXPECT_EQ(rig.run(), Status::Failed);
    EXPECT_EQ(rig.engine.failure().exit_code, 5);
    EXPECT_EQ(rig.engine.failure().abort_string, "NO CARRIER");
}

TEST(ChatEngine, SilenceTimesOutAfterTheTimeout) {
    Rig rig(kSeedScript);
    rig.modem.dial = FakeModem::Dial::Silent;
    rig.engine.start(rig.now);
    rig.pump();
    ASSERT_EQ(rig.modem.heard, "ATZ\rATDT5551234\r");
    ASSERT_EQ(rig.engine.next_deadline(), rig.now + 45s);
    rig.engine.tick(rig.now + 45s - 1ms);
    EXPECT_EQ(rig.engine.status(), Status::Running);
    rig.engine.tick(rig.now + 45s);
    EXPECT_EQ(rig.engine.status(), Status::Failed);
    EXPECT_EQ(rig.engine.failure().exit_code, 3);
    EXPECT_EQ(rig.engine.failure().message, "timeout waiting for \"CONNECT\"");
    EXPECT_TRUE(rig.engine.failure().abort_string.empty());
    EXPECT_TRUE(has_line(rig.engine.take_log(), "alarm"));
    EXPECT_FALSE(rig.engine.next_deadline());
}

TEST(ChatEngine, TimeoutOptionAndKeywordSetTheDeadline) {
    Invocation inv;
    inv.timeout = 30s;
    Engine e(parse_script("'' AT OK AT TIMEOUT 5 OK", "s"), inv);
    Time t{};
    e.start(t);
    EXPECT_EQ(e.next_deadline(), t + 30s);
    e.input(t + 1s, bytes("OK"));
    EXPECT_EQ(e.next_deadline(), t + 1s + 5s);
    EXPECT_TRUE(has_line(e.take_log(), "timeout set to 5 seconds"));

    Engine zero(parse_script("TIMEOUT 0 x", "s"), Invocation{});
    zero.start(t);
    EXPECT_EQ(zero.next_deadline(), t + 45s);  // 0 means the default
}

TEST(ChatEngine, OneByteAtATime) {
    Rig rig(kSeedScript);
    rig.one_byte_at_a_time = true;
    EXPECT_EQ(rig.run(), Status::Done);
    EXPECT_EQ(rig.modem.heard, "ATZ\rATDT5551234\r\r");

    Rig busy(kSeedScript);
    busy.one_byte_at_a_time = true;
    busy.modem.dial = FakeModem::Dial::Busy;
    EXPECT_EQ(busy.run(), Status::Failed);
    EXPECT_EQ(busy.engine.failure().exit_code, 4);
}

TEST(ChatEngine, OneChunkAnswersSuccessiveExpects) {
    Engine e(parse_script(kSeedScript, "s"), Invocation{});
    Time t{};
    e.start(t);
    EXPECT_EQ(text(e.take_output()), "ATZ\r");
    e.input(t, bytes("\r\nOK\r\n\r\nCONNECT 57600\r\n~\x7d\x23"));
    EXPECT_EQ(e.status(), Status::Done);
    EXPECT_EQ(text(e.take_output()), "ATDT5551234\r\r");
    EXPECT_EQ(text(e.take_unread()), " 57600\r\n~\x7d\x23");
}

TEST(ChatEngine, ParityBitIsIgnored) {
    Engine e(parse_script("OK x", "s"), Invocation{});
    e.start(Time{});
    e.input(Time{}, bytes("\xcf\xcb"));  // 'O' and 'K' with the parity bit set
    EXPECT_EQ(e.status(), Status::Done);
}

// --- Login and secrets ---------------------------------------------------------

TEST(ChatEngine, CiscoLoginNeverLogsThePassword) {
    Rig rig(std::string(kSeedScript) + "\nername: alice ssword: \\qs3cretpw '>' ''");
    rig.modem.login = true;
    EXPECT_EQ(rig.run(), Status::Done);
    EXPECT_NE(rig.modem.heard.find("alice\rs3cretpw\r"), std::string::npos);
    EXPECT_TRUE(has_line(rig.log, "send (alice^M)"));
    EXPECT_TRUE(has_line(rig.log, "send (" + kMasked + ")"));
    EXPECT_FALSE(mentions(rig.log, "s3cret"));
}

TEST(ChatEngine, QuietTogglesWithinASendString) {
    Engine e(parse_script("'' 'user\\qpw1\\q-x'", "s"), Invocation{});
    e.start(Time{});
    EXPECT_EQ(text(e.take_output()), "userpw1-x\r");
    const auto log = e.take_log();
    EXPECT_TRUE(has_line(log, "send (user" + kMasked + "-x^M)"));
    EXPECT_FALSE(mentions(log, "pw1"));
}

TEST(ChatEngine, SecretSubsendIsMaskedToo) {
    Engine e(parse_script("ogin:-\\qhunter2-ogin: x", "s"), Invocation{});
    Time t{};
    e.start(t);
    e.tick(t + 45s);
    EXPECT_EQ(text(e.take_output()), "hunter2\r");
    EXPECT_FALSE(mentions(e.take_log(), "hunter2"));
}

// --- Subexpects ------------------------------------------------------------------

TEST(ChatEngine, SubexpectSendsReturnAndExpectsAgain) {
    Engine e(parse_script("ogin:--ogin: ppp", "s"), Invocation{});
    Time t{};
    e.start(t);
    EXPECT_TRUE(e.take_output().empty());
    e.tick(t + 45s);
    EXPECT_EQ(text(e.take_output()), "\r");
    EXPECT_EQ(e.status(), Status::Running);
    EXPECT_EQ(e.next_deadline(), t + 90s);
    e.input(t + 50s, bytes("\r\nlogin: "));
    EXPECT_EQ(e.status(), Status::Done);
    EXPECT_EQ(text(e.take_output()), "ppp\r");
    const auto log = e.take_log();
    EXPECT_TRUE(has_line(log, "alarm"));
    EXPECT_TRUE(has_line(log, "send (^M)"));
}

TEST(ChatEngine, SubexpectFailsWhenTheLastAlternativeTimesOut) {
    Engine e(parse_script("ogin:-BREAK-ogin: ppp", "s"), Invocation{});
    Time t{};
    e.start(t);
    e.tick(t + 45s);
    EXPECT_TRUE(e.take_output().empty());  // BREAK is a line condition, not bytes
    EXPECT_EQ(e.take_breaks(), 1);
    EXPECT_TRUE(has_line(e.take_log(), "send (BREAK)"));
    EXPECT_EQ(e.next_deadline(), t + 45s);  // the caller sends the break, then ticks
    e.tick(t + 45s);
    EXPECT_EQ(e.next_deadline(), t + 90s);
    e.tick(t + 90s);
    EXPECT_EQ(e.status(), Status::Failed);
    EXPECT_EQ(e.failure().exit_code, 3);
    EXPECT_EQ(e.failure().message, "timeout waiting for \"ogin:\"");
}

TEST(ChatEngine, SubsendWithoutFurtherExpectCarriesOn) {
    Engine e(parse_script("ogin:-foo bar", "s"), Invocation{});
    Time t{};
    e.start(t);
    e.tick(t + 45s);
    EXPECT_EQ(e.status(), Status::Done);
    EXPECT_EQ(text(e.take_output()), "foo\rbar\r");
}

TEST(ChatEngine, EscapedDashIsPartOfTheExpect) {
    Engine e(parse_script("a\\-b x", "s"), Invocation{});
    e.start(Time{});
    e.input(Time{}, bytes("a-b"));
    EXPECT_EQ(e.status(), Status::Done);
}

// --- Escapes -------------------------------------------------------------------

struct SendCase {
    const char* word;     // one script word, as tokenized
    std::string bytes;    // what reaches the modem
    std::string shown;    // the transcript line
};

TEST(ChatEngine, SendEscapes) {
    const SendCase cases[] = {
        {"ATZ", "ATZ\r", "send (ATZ^M)"},
        {"a\\bb", "a\bb\r", "send (a^Hb^M)"},
        {"hi\\c", "hi", "send (hi)"},
        {"\\n\\r\\s\\t", "\n\r \t\r", "send (^J^M ^I^M)"},
        {"\\N", std::string("\0\r", 2), "send (^@^M)"},
        {"\\101\\60\\0", std::string("A0\0\r", 4), "send (A0^@^M)"},
        {"\\777", "\xff\r", "send (\\377^M)"},
        {"a\\\\b", "a\\b\r", "send (a\\b^M)"},
        {"^A^?^q", "\x01\x7f\x11\r", "send (^A^?^Q^M)"},
        {"\\qsecret", "secret\r", "send (" + kMasked + ")"},
        {"ATDT\\T,\\U", "ATDT5551234,99\r", "send (ATDT5551234,99^M)"},
        {"EOT", "\x04", "send (^D)"},
        {"", "\r", "send (^M)"},
        {"trailing\\", "trailing\\\r", "send (trailing\\^M)"},
        {"'quoted'", "'quoted'\r", "send ('quoted'^M)"},
        {"caret^", "caret^\r", "send (caret^^M)"},
    };
    for (const auto& c : cases) {
        Invocation inv;
        inv.phone = "5551234";
        inv.phone2 = "99";
        Engine e(script_from_words({"", c.word}, "s"), inv);
        e.start(Time{});
        EXPECT_EQ(text(e.take_output()), c.bytes) << c.word;
        EXPECT_TRUE(has_line(e.take_log(), c.shown)) << c.word;
        EXPECT_EQ(e.status(), Status::Done) << c.word;
    }
}

TEST(ChatEngine, ExpectEscapes) {
    const struct {
        const char* expect;
        const char* modem;
    } cases[] = {
        {"O\\sK", "O K"}, {"a\\tb", "a\tb"}, {"OK\\r\\n", "OK\r\n"}, {"\\101", "A"},
        {"^C", "\x03"},   {"\\\\", "\\"},    {"x\\dy", "xy"},         {"'it\\'s'", "it's"},
    };
    for (const auto& c : cases) {
        Engine e(parse_script(std::string(c.expect) + " x", "s"), Invocation{});
        e.start(Time{});
        e.input(Time{}, bytes(c.modem));
        EXPECT_EQ(e.status(), Status::Done) << c.expect;
    }
}

TEST(ChatEngine, EnvironmentOnlyWithDashE) {
    Invocation inv;
    inv.environment = {{"NUMBER", "5551234"}, {"PIN", "1234"}};
    const char* script = "'' 'ATDT$NUMBER,${PIN}\\$NUMBER$UNSET$'";
    {
        Engine e(parse_script(script, "s"), inv);
        e.start(Time{});
        EXPECT_EQ(text(e.take_output()), "ATDT$NUMBER,${PIN}$NUMBER$UNSET$\r");
    }
    inv.use_environment = true;
    Engine e(parse_script(script, "s"), inv);
    e.start(Time{});
    EXPECT_EQ(text(e.take_output()), "ATDT5551234,1234$NUMBER$\r");
}

TEST(ChatEngine, DelayAndPauseAreTimers) {
    Engine e(parse_script("'' 'AT\\dZ\\pQ' OK", "s"), Invocation{});
    const Time t{};
    e.start(t);
    EXPECT_EQ(text(e.take_output()), "AT");
    EXPECT_EQ(e.next_deadline(), t + 1s);
    e.tick(t + 999ms);
    EXPECT_TRUE(e.take_output().empty());
    e.input(t + 999ms, bytes("OK"));  // arrives while sending: read by the expect that follows
    e.tick(t + 1s);
    EXPECT_EQ(text(e.take_output()), "Z");
    EXPECT_EQ(e.next_deadline(), t + 1100ms);
    e.tick(t + 1100ms);
    EXPECT_EQ(text(e.take_output()), "Q\r");
    EXPECT_EQ(e.status(), Status::Done);
    EXPECT_TRUE(has_line(e.take_log(), "send (AT\\dZ\\pQ^M)"));
}

// --- Keywords --------------------------------------------------------------------

TEST(ChatEngine, AbortStringsAreNumberedInOrder) {
    Engine e(parse_script("ABORT A1 ABORT A2 ABORT 'NO DIALTONE' ABORT A4 '' ATDT OK", "s"), Invocation{});
    e.start(Time{});
    e.input(Time{}, bytes("\r\nNO DIALTONE\r\n"));
    EXPECT_EQ(e.failure().exit_code, 6);
    EXPECT_EQ(e.failure().abort_string, "NO DIALTONE");
}

TEST(ChatEngine, ClearedAbortNoLongerMatchesAndTheRestMoveUp) {
    // chat packs its list on CLR_ABORT: ERROR becomes ABORT 1, NO ANSWER is appended as 2.
    Engine e(parse_script("ABORT BUSY ABORT ERROR CLR_ABORT BUSY '' AT OK x ABORT 'NO ANSWER' OK", "s"), Invocation{});
    e.start(Time{});
    e.input(Time{}, bytes("BUSY OK"));
    EXPECT_EQ(e.status(), Status::Running);
    e.input(Time{}, bytes("NO ANSWER"));
    EXPECT_EQ(e.failure().exit_code, 5);
    EXPECT_EQ(e.failure().abort_string, "NO ANSWER");

    Engine f(parse_script("ABORT BUSY ABORT ERROR CLR_ABORT BUSY '' AT OK", "s"), Invocation{});
    f.start(Time{});
    f.input(Time{}, bytes("ERROR"));
    EXPECT_EQ(f.failure().exit_code, 4);
}

TEST(ChatEngine, MoreThanFiftyAbortStringsIsAnError) {
    std::string script;
    for (int i = 0; i < 51; ++i) script += "ABORT A" + std::to_string(i) + " ";
    Engine e(parse_script(script + "'' AT", "s"), Invocation{});
    e.start(Time{});
    EXPECT_EQ(e.status(), Status::Failed);
    EXPECT_EQ(e.failure().exit_code, 2);
}

TEST(ChatEngine, SayEchoReportHangup) {
    Engine e(parse_script("REPORT CONNECT SAY 'Dialling...\\n' ECHO ON HANGUP OFF '' ATDT CONNECT '' "
                          "CLR_REPORT CONNECT ECHO OFF HANGUP ON",
                          "s"),
             Invocation{});
    e.start(Time{});
    e.input(Time{}, bytes("\r\nCONNECT 115200\r\n"));
    EXPECT_EQ(e.status(), Status::Done);
    const auto log = e.take_log();
    EXPECT_TRUE(has_line(log, "say: Dialling..."));
    EXPECT_TRUE(has_line(log, "report (CONNECT 115200)"));
    EXPECT_TRUE(has_line(log, "echo on"));
    EXPECT_TRUE(has_line(log, "modem: CONNECT"));
    EXPECT_TRUE(has_line(log, "echo off"));
    EXPECT_TRUE(mentions(log, "hangup off"));
}

TEST(ChatEngine, KeywordsAreSendsInSendPosition) {
    Engine e(parse_script("'' ABORT", "s"), Invocation{});
    e.start(Time{});
    EXPECT_EQ(text(e.take_output()), "ABORT\r");
    EXPECT_EQ(e.status(), Status::Done);
}

TEST(ChatEngine, UncheckedScriptFailsInsteadOfCrashing) {
    Script s;
    s.words = {Token{"", 1}, Token{"AT", 1}, Token{"ABORT", 2}};
    Engine e(std::move(s), Invocation{});
    e.start(Time{});
    EXPECT_EQ(e.status(), Status::Failed);
    EXPECT_EQ(e.failure().exit_code, 1);
    Engine empty(Script{}, Invocation{});
    empty.start(Time{});
    EXPECT_EQ(empty.status(), Status::Done);
}

// --- Bounded input -----------------------------------------------------------------

TEST(ChatEngine, HugeGarbageThenTheAnswer) {
    Engine e(parse_script(kSeedScript, "s"), Invocation{});
    e.start(Time{});
    std::vector<std::uint8_t> junk(1 << 20);
    std::uint32_t x = 12345;
    for (auto& b : junk) {
        x = x * 1103515245u + 12345u;
        b = static_cast<std::uint8_t>('a' + (x >> 16) % 26);  // lower case: no expect or ABORT string
    }
    const std::string js = text(junk);
    ASSERT_EQ(js.find("OK"), std::string::npos);
    ASSERT_EQ(js.find("BUSY"), std::string::npos);
    e.input(Time{}, junk);
    EXPECT_EQ(e.status(), Status::Running);
    e.input(Time{}, bytes("OK"));
    EXPECT_EQ(text(e.take_output()), "ATZ\rATDT5551234\r");
}

TEST(ChatEngine, AbortEarlyInAHugeChunkIsSeen) {
    Engine e(parse_script(kSeedScript, "s"), Invocation{});
    e.start(Time{});
    std::string chunk = "\r\nBUSY\r\n" + std::string(100000, 'x') + "OK";
    e.input(Time{}, bytes(chunk));
    EXPECT_EQ(e.status(), Status::Failed);
    EXPECT_EQ(e.failure().exit_code, 4);
}

TEST(ChatEngine, InputHeldDuringADelayIsBounded) {
    Engine e(parse_script("'' 'AT\\d' OK x", "s"), Invocation{});
    const Time t{};
    e.start(t);
    e.input(t, bytes(std::string(1 << 20, 'z') + "OK tail"));
    e.tick(t + 1s);
    EXPECT_EQ(e.status(), Status::Done);
    const auto rest = e.take_unread();
    EXPECT_EQ(text(rest), " tail");
    // When more than the bound arrives, the oldest bytes are dropped.
    Engine f(parse_script("'' 'AT\\d' OK x", "s"), Invocation{});
    f.start(t);
    f.input(t, bytes("OK" + std::string(1 << 20, 'z')));
    f.tick(t + 1s);
    EXPECT_EQ(f.status(), Status::Running);
    Engine g(parse_script("'' 'AT\\d' OK x", "s"), Invocation{});
    g.start(t);
    g.input(t, bytes(std::string(1 << 20, 'z')));
    EXPECT_EQ(g.take_unread().size(), 4096u);
}

TEST(ChatEngine, ExpectLongerThanTheWindowIsRejected) {
    const std::string script = "'" + std::string(2000, 'a') + "' x";
    EXPECT_THROW(parse_script(script, "s"), config::Error);
}

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

// --- Break conditions -------------------------------------------------------------------

TEST(ChatEngine, BreakEscapeSplitsTheSendAroundABreak) {
    Engine e(parse_script("'' 'AT\\KZ' OK BREAK", "s"), Invocation{});
    const Time t{};
    e.start(t);
    EXPECT_EQ(text(e.take_output()), "AT");
    EXPECT_EQ(e.take_breaks(), 1);
    EXPECT_TRUE(has_line(e.take_log(), "send (AT\\KZ^M)"));
    EXPECT_EQ(e.next_deadline(), t);  // resumes on the next tick, after the break went out
    e.tick(t);
    EXPECT_EQ(text(e.take_output()), "Z\r");
    EXPECT_EQ(e.take_breaks(), 0);
    e.input(t, bytes("OK"));
    // BREAK as the reply: a break condition, no bytes, no return.
    EXPECT_TRUE(e.take_output().empty());
    EXPECT_EQ(e.take_breaks(), 1);
    e.tick(t);
    EXPECT_EQ(e.status(), Status::Done);
}

// --- ABORT precedence ---------------------------------------------------------------------

TEST(ChatEngine, AbortCompletedBeforeTheExpectWins) {
    Engine e(parse_script("ABORT BUSY '' ATDT CONNECT", "s"), Invocation{});
    e.start(Time{});
    e.input(Time{}, bytes("\r\nBUSY\r\n\r\nCONNECT\r\n"));
    EXPECT_EQ(e.status(), Status::Failed);
    EXPECT_EQ(e.failure().abort_string, "BUSY");
}

TEST(ChatEngine, ExpectCompletedByTheSameCharacterAsAnAbortWins) {
    // chat checks the expect string before the ABORT strings, character by character.
    Engine e(parse_script("ABORT 'NO CARRIER' '' ATDT CARRIER", "s"), Invocation{});
    e.start(Time{});
    e.input(Time{}, bytes("NO CARRIER"));
    EXPECT_EQ(e.status(), Status::Done);
}

TEST(ChatEngine, FirstListedAbortWinsWhenTwoEndTogether) {
    {
        Engine e(parse_script("ABORT 'NO DIALTONE' ABORT DIALTONE '' ATDT OK", "s"), Invocation{});
        e.start(Time{});
        e.input(Time{}, bytes("NO DIALTONE"));
        EXPECT_EQ(e.failure().exit_code, 4);
        EXPECT_EQ(e.failure().abort_string, "NO DIALTONE");
    }
    Engine e(parse_script("ABORT DIALTONE ABORT 'NO DIALTONE' '' ATDT OK", "s"), Invocation{});
    e.start(Time{});
    e.input(Time{}, bytes("NO DIALTONE"));
    EXPECT_EQ(e.failure().exit_code, 4);
    EXPECT_EQ(e.failure().abort_string, "DIALTONE");
}

TEST(ChatEngine, AbortsAddedLaterOnlyApplyFromThere) {
    Engine e(parse_script("'' AT OK ATDT ABORT BUSY CONNECT", "s"), Invocation{});
    e.start(Time{});
    e.input(Time{}, bytes("BUSY OK"));  // BUSY before the ABORT: ignored
    EXPECT_EQ(e.status(), Status::Running);
    e.input(Time{}, bytes("BUSY"));
    EXPECT_EQ(e.status(), Status::Failed);
    EXPECT_EQ(e.failure().exit_code, 4);
}

TEST(ChatEngine, AbortWhileWaitingOutADelayIsSeenByTheNextExpect) {
    Engine e(parse_script("ABORT BUSY '' 'ATDT\\d' CONNECT", "s"), Invocation{});
    const Time t{};
    e.start(t);
    e.input(t, bytes("BUSY"));
    EXPECT_EQ(e.status(), Status::Running);
    e.tick(t + 1s);
    EXPECT_EQ(e.status(), Status::Failed);
    EXPECT_EQ(e.failure().abort_string, "BUSY");
}

// --- REPORT and HANGUP ----------------------------------------------------------------------

TEST(ChatEngine, ReportsOnceWithTheRestOfTheLine) {
    Engine e(parse_script("REPORT CONNECT '' ATDT CONNECT '' CONNECT ''", "s"), Invocation{});
    e.start(Time{});
    e.input(Time{}, bytes("\r\nCONNECT 57600/V42\r\nCONNECT"));
    EXPECT_EQ(e.status(), Status::Done);
    EXPECT_EQ(e.take_reports(), (std::vector<std::string>{"CONNECT 57600/V42"}));
    EXPECT_TRUE(e.take_reports().empty());
}

TEST(ChatEngine, ClearedReportIsNotReported) {
    Engine e(parse_script("REPORT CONNECT CLR_REPORT CONNECT '' ATDT CONNECT", "s"), Invocation{});
    e.start(Time{});
    e.input(Time{}, bytes("CONNECT 9600\r\n"));
    EXPECT_EQ(e.status(), Status::Done);
    EXPECT_TRUE(e.take_reports().empty());
}

TEST(ChatEngine, HangupOffAndOnAreExposed) {
    Engine e(parse_script("HANGUP OFF '' AT OK '' HANGUP ON x y", "s"), Invocation{});
    EXPECT_FALSE(e.hangup_ignored());
    e.start(Time{});
    EXPECT_TRUE(e.hangup_ignored());
    e.input(Time{}, bytes("OK"));
    EXPECT_FALSE(e.hangup_ignored());
}

// --- Every keyword in one script ------------------------------------------------------------

TEST(ChatEngine, EveryKeywordInOneScript) {
    Invocation inv;
    inv.phone = "5551234";
    Rig rig("TIMEOUT 5\n"
            "ABORT BUSY ABORT 'NO CARRIER' ABORT ERROR CLR_ABORT ERROR\n"
            "REPORT CONNECT CLR_REPORT XYZ\n"
            "SAY 'dialling\\n' ECHO ON HANGUP OFF\n"
            "'' ATZ OK 'ATDT\\T' CONNECT \\c\n"
            "ECHO OFF HANGUP ON SAY 'done'\n",
            inv);
    EXPECT_EQ(rig.run(), Status::Done);
    EXPECT_EQ(rig.modem.heard, "ATZ\rATDT5551234\r");
    EXPECT_TRUE(has_line(rig.log, "timeout set to 5 seconds"));
    EXPECT_TRUE(has_line(rig.log, "abort off (ERROR)"));
    EXPECT_TRUE(has_line(rig.log, "report off (XYZ)"));
    EXPECT_TRUE(has_line(rig.log, "say: dialling"));
    EXPECT_TRUE(has_line(rig.log, "say: done"));
    EXPECT_TRUE(has_line(rig.log, "modem: OK"));
    EXPECT_TRUE(has_line(rig.log, "report (CONNECT 115200)"));
    EXPECT_TRUE(has_line(rig.log, "hangup off"));
    EXPECT_TRUE(has_line(rig.log, "hangup on"));
    EXPECT_EQ(rig.engine.take_reports(), (std::vector<std::string>{"CONNECT 115200"}));
}

TEST(ChatEngine, TimeoutAppliesToEachExpectAfterIt) {
    Engine e(parse_script("TIMEOUT 2 '' AT OK AT TIMEOUT 7 OK AT OK x", "s"), Invocation{});
    const Time t{};
    e.start(t);
    EXPECT_EQ(e.next_deadline(), t + 2s);
    e.input(t + 1s, bytes("OK"));
    EXPECT_EQ(e.next_deadline(), t + 1s + 7s);
    e.input(t + 2s, bytes("OK"));
    EXPECT_EQ(e.next_deadline(), t + 2s + 7s);  // still 7: TIMEOUT stays until changed
    e.tick(t + 9s);
    EXPECT_EQ(e.status(), Status::Failed);
    EXPECT_EQ(e.failure().exit_code, 3);
}

TEST(ChatEngine, NoReturnOnlyWhereBackslashCIs) {
    Engine e(parse_script("'' 'AT\\c' OK 'AT' OK '\\c'", "s"), Invocation{});
    e.start(Time{});
    EXPECT_EQ(text(e.take_output()), "AT");
    e.input(Time{}, bytes("OK"));
    EXPECT_EQ(text(e.take_output()), "AT\r");
    e.input(Time{}, bytes("OK"));
    EXPECT_TRUE(e.take_output().empty());  // '\c' alone sends nothing at all
    EXPECT_EQ(e.status(), Status::Done);
}

TEST(ChatScript, AbortStringsInChatsNumbering) {
    const auto s = parse_script("ABORT BUSY ABORT 'NO CARRIER' ABORT ERROR CLR_ABORT 'NO CARRIER' "
                                "'' ATZ OK ATDT ABORT 'NO\\sANSWER' CONNECT ''",
                                "s");
    EXPECT_EQ(abort_strings(s, Invocation{}), (std::vector<std::string>{"BUSY", "ERROR", "NO ANSWER"}));
    EXPECT_TRUE(abort_strings(parse_script("'' ATZ OK", "s"), Invocation{}).empty());
}
