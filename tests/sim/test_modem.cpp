// The Hayes interpreter of pppkit-sim, without any I/O.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "modem.hpp"

namespace ppp::sim {
namespace {

using K = ModemEvent::Kind;

Bytes bytes_of(const std::string& s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

std::string data_of(const Modem::Output& out) {
    return std::string(reinterpret_cast<const char*>(out.data.data()), out.data.size());
}

bool has_event(const Modem::Output& out, K kind) {
    for (const auto& e : out.events)
        if (e.kind == kind) return true;
    return false;
}

// Feeds `in` and returns what the modem wrote back.
std::string talk(Modem& m, const std::string& in) { return m.feed(bytes_of(in)).reply; }

struct Row {
    const char* input;
    const char* reply;
};

class ModemCommandTable : public ::testing::TestWithParam<Row> {};

// Echo is on by default: each line comes back, then the verbose result.
TEST_P(ModemCommandTable, Replies) {
    Modem m{ModemConfig{}};
    EXPECT_EQ(talk(m, GetParam().input), GetParam().reply) << "input: " << GetParam().input;
    EXPECT_FALSE(m.online());
}

INSTANTIATE_TEST_SUITE_P(
    Hayes, ModemCommandTable,
    ::testing::Values(Row{"AT\r", "AT\r\r\nOK\r\n"}, Row{"at\r", "at\r\r\nOK\r\n"}, Row{"ATZ\r", "ATZ\r\r\nOK\r\n"},
                      Row{"AT&F\r", "AT&F\r\r\nOK\r\n"}, Row{"ATE1\r", "ATE1\r\r\nOK\r\n"},
                      Row{"ATE0\r", "ATE0\r\r\nOK\r\n"}, Row{"ATH\r", "ATH\r\r\nOK\r\n"},
                      Row{"ATH0\r", "ATH0\r\r\nOK\r\n"}, Row{"AT&K3\r", "AT&K3\r\r\nOK\r\n"},
                      Row{"ATL1M1X4\r", "ATL1M1X4\r\r\nOK\r\n"}, Row{"ATS0=0\r", "ATS0=0\r\r\nOK\r\n"},
                      Row{"AT+CGDCONT=1,\"IP\",\"apn\"\r", "AT+CGDCONT=1,\"IP\",\"apn\"\r\r\nOK\r\n"},
                      Row{"AT\n", "AT\n\r\nOK\r\n"}, Row{"AT\r\n", "AT\r\r\nOK\r\n\n"},
                      Row{"  AT  \r", "  AT  \r\r\nOK\r\n"}, Row{"\r\r\n\n", "\r\r\n\n"},
                      Row{"HELLO\r", "HELLO\r\r\nERROR\r\n"}, Row{"A\r", "A\r\r\nERROR\r\n"},
                      Row{"AT!\r", "AT!\r\r\nERROR\r\n"}, Row{"AT&\r", "AT&\r\r\nERROR\r\n"},
                      Row{"ATS\r", "ATS\r\r\nERROR\r\n"}, Row{"ATS7=300\r", "ATS7=300\r\r\nERROR\r\n"},
                      Row{"ATS99=1\r", "ATS99=1\r\r\nERROR\r\n"}, Row{"ATO\r", "ATO\r\r\nNO CARRIER\r\n"},
                      Row{"ATS7=45S7?\r", "ATS7=45S7?\r\r\n045\r\n\r\nOK\r\n"},
                      Row{"ATI\r", "ATI\r\r\npppkit-sim\r\n\r\nOK\r\n"},
                      Row{"ATX\bZ\r", "ATX\bZ\r\r\nOK\r\n"}));

TEST(Modem, EchoOffThenResetByAtz) {
    Modem m{ModemConfig{}};
    EXPECT_EQ(talk(m, "ATE0\r"), "ATE0\r\r\nOK\r\n");
    EXPECT_FALSE(m.echo());
    EXPECT_EQ(talk(m, "AT\r"), "\r\nOK\r\n");
    EXPECT_EQ(talk(m, "ATZ\r"), "\r\nOK\r\n");  // typed while echo was off
    EXPECT_TRUE(m.echo());
    EXPECT_EQ(talk(m, "AT\r"), "AT\r\r\nOK\r\n");
}

TEST(Modem, NumericAndQuietResultCodes) {
    Modem m{ModemConfig{}};
    talk(m, "ATE0V0\r");
    EXPECT_EQ(talk(m, "AT\r"), "0\r");
    EXPECT_EQ(talk(m, "AT!\r"), "4\r");
    talk(m, "ATV1Q1\r");
    EXPECT_EQ(talk(m, "AT\r"), "");
    EXPECT_EQ(talk(m, "AT&F\r"), "\r\nOK\r\n");  // factory settings: verbose results again
    EXPECT_EQ(talk(m, "AT\r"), "AT\r\r\nOK\r\n");  // and echo
}

TEST(Modem, DialConnectsAndGoesOnline) {
    Modem m{ModemConfig{}};
    auto out = m.feed(bytes_of("ATDT5551234\r"));
    EXPECT_EQ(out.reply, "ATDT5551234\r\r\nCONNECT 115200\r\n");
    ASSERT_EQ(out.events.size(), 4u);
    EXPECT_EQ(out.events[0], (ModemEvent{K::Command, "ATDT5551234"}));
    EXPECT_EQ(out.events[1], (ModemEvent{K::Dial, "5551234"}));
    EXPECT_EQ(out.events[2].kind, K::Connect);
    EXPECT_EQ(out.events[3].kind, K::Online);
    EXPECT_TRUE(m.online());
    EXPECT_TRUE(out.data.empty());

    // Data mode: everything is PPP's, nothing is interpreted or echoed.
    const std::string ppp_bytes = "ATZ\r~\x7d";  // `data` is a view into the input: keep it alive
    out = m.feed(bytes_of(ppp_bytes));
    EXPECT_EQ(out.reply, "");
    EXPECT_TRUE(out.events.empty());
    EXPECT_EQ(data_of(out), "ATZ\r~\x7d");

    m.hangup();
    EXPECT_FALSE(m.online());
    EXPECT_EQ(talk(m, "AT\r"), "AT\r\r\nOK\r\n");
}

TEST(Modem, BytesAfterConnectInTheSameChunkAreData) {
    Modem m{ModemConfig{}};
    const std::string in = "ATE0\rATD\r\x7e\xff\x7d";
    auto out = m.feed(bytes_of(in));
    EXPECT_EQ(out.reply, "ATE0\r\r\nOK\r\n\r\nCONNECT 115200\r\n");
    EXPECT_EQ(data_of(out), "\x7e\xff\x7d");
}

TEST(Modem, PulseAndBareDial) {
    for (const char* cmd : {"ATDP123\r", "ATD\r", "atdt 555 1234\r", "ATX3DT5551234\r"}) {
        Modem m{ModemConfig{}};
        auto out = m.feed(bytes_of(cmd));
        EXPECT_TRUE(has_event(out, K::Connect)) << cmd;
        EXPECT_TRUE(m.online()) << cmd;
    }
}

struct OutcomeRow {
    DialOutcome outcome;
    const char* result;
};

class ModemDialOutcome : public ::testing::TestWithParam<OutcomeRow> {};

TEST_P(ModemDialOutcome, AnswersAndStaysInCommandMode) {
    ModemConfig c;
    c.dial = GetParam().outcome;
    Modem m{c};
    auto out = m.feed(bytes_of("ATE0\rATDT5551234\r"));
    EXPECT_EQ(out.reply, std::string("ATE0\r\r\nOK\r\n\r\n") + GetParam().result + "\r\n");
    EXPECT_FALSE(has_event(out, K::Connect));
    EXPECT_TRUE(has_event(out, K::Dial));
    EXPECT_FALSE(m.online());
    EXPECT_EQ(talk(m, "AT\r"), "\r\nOK\r\n");  // and the modem still works
}

INSTANTIATE_TEST_SUITE_P(Hayes, ModemDialOutcome,
                         ::testing::Values(OutcomeRow{DialOutcome::Busy, "BUSY"},
                                           OutcomeRow{DialOutcome::NoCarrier, "NO CARRIER"},
                                           OutcomeRow{DialOutcome::NoDialtone, "NO DIALTONE"}));

TEST(Modem, MuteAnswersNothingEver) {
    ModemConfig c;
    c.mute = true;
    Modem m{c};
    for (const char* in : {"AT\r", "ATZ\r", "ATE1\r", "HELLO\r", "ATDT5551234\r", "ATI\r"}) {
        auto out = m.feed(bytes_of(in));
        EXPECT_EQ(out.reply, "") << in;
        EXPECT_FALSE(has_event(out, K::Connect)) << in;
    }
    EXPECT_FALSE(m.online());
}

TEST(Modem, OverlongLineIsOneErrorAndBounded) {
    Modem m{ModemConfig{}};
    talk(m, "ATE0\r");
    auto out = m.feed(bytes_of("AT" + std::string(100000, 'X') + "\r"));
    EXPECT_EQ(out.reply, "\r\nERROR\r\n");
    EXPECT_EQ(talk(m, "AT\r"), "\r\nOK\r\n");
}

TEST(Modem, ByteByByteFeedingMatchesOneChunk) {
    const std::string script = "ATZ\r\nATE0\rATS7=60\r\nAT!\rATDT5551234\r\n";
    Modem whole{ModemConfig{}};
    const std::string expected = talk(whole, script);
    Modem bytewise{ModemConfig{}};
    std::string got;
    for (char c : script) got += talk(bytewise, std::string(1, c));
    EXPECT_EQ(got, expected);
    EXPECT_TRUE(bytewise.online());
}

TEST(Modem, GarbageNeverStopsTheInterpreter) {
    std::mt19937 rng(1234);
    std::string garbage(200000, '\0');
    for (auto& c : garbage) {
        do c = static_cast<char>(rng() & 0xff);
        while (c == 'D' || c == 'd');  // no dialling by accident
    }
    Modem m{ModemConfig{}};
    m.feed(bytes_of(garbage));
    EXPECT_FALSE(m.online());
    const std::string reply = talk(m, "\rATZ\r");
    EXPECT_TRUE(reply.ends_with("\r\nOK\r\n")) << reply;
}

TEST(ModemEscape, EscapeKeepsTheCallAndAtoResumes) {
    Modem m{ModemConfig{}};
    talk(m, "ATE0\rATD\r");
    ASSERT_TRUE(m.online());
    auto out = m.escape();
    EXPECT_EQ(out.reply, "\r\nOK\r\n");
    EXPECT_EQ(out.events.at(0).kind, K::Escape);
    EXPECT_FALSE(m.online());
    EXPECT_TRUE(m.in_call());
    EXPECT_EQ(talk(m, "AT\r"), "\r\nOK\r\n");
    const std::string in = "ATO\r~ppp";
    out = m.feed(bytes_of(in));
    EXPECT_EQ(out.reply, "\r\nCONNECT 115200\r\n");
    EXPECT_TRUE(has_event(out, K::Resume));
    EXPECT_FALSE(has_event(out, K::Online)) << "resuming is not a new call";
    EXPECT_TRUE(m.online());
    EXPECT_EQ(data_of(out), "~ppp");
}

TEST(ModemEscape, AthAfterEscapeHangsUp) {
    Modem m{ModemConfig{}};
    talk(m, "ATE0\rATD\r");
    m.escape();
    auto out = m.feed(bytes_of("ATH0\r"));
    EXPECT_EQ(out.reply, "\r\nOK\r\n");
    EXPECT_TRUE(has_event(out, K::Hangup));
    m.hangup();
    EXPECT_FALSE(m.in_call());
    EXPECT_EQ(talk(m, "ATO\r"), "\r\nNO CARRIER\r\n");
}

TEST(ModemEscape, AtzDuringACallHangsUpAndDialIsRefused) {
    Modem m{ModemConfig{}};
    talk(m, "ATE0\rATD\r");
    m.escape();
    EXPECT_EQ(talk(m, "ATD555\r"), "\r\nERROR\r\n");
    EXPECT_TRUE(has_event(m.feed(bytes_of("ATZ\r")), K::Hangup));
}

TEST(ModemEscape, OnlyOnline) {
    Modem m{ModemConfig{}};
    auto out = m.escape();
    EXPECT_TRUE(out.reply.empty());
    EXPECT_TRUE(out.events.empty());
}

TEST(ModemEscape, GuardTimeIsS12) {
    Modem m{ModemConfig{}};
    EXPECT_EQ(m.guard_time(), std::chrono::seconds(1));
    talk(m, "ATS12=0\r");
    EXPECT_EQ(m.guard_time(), Duration::zero());
    talk(m, "ATS12=25\r");
    EXPECT_EQ(m.guard_time(), std::chrono::milliseconds(500));
}

ModemConfig login_config(std::optional<std::string> user, std::optional<std::string> password) {
    ModemConfig c;
    c.login = true;
    c.user = std::move(user);
    c.password = std::move(password);
    return c;
}

TEST(ModemLogin, PromptsThenGoesOnline) {
    Modem m{login_config("joe", "secret")};
    auto out = m.feed(bytes_of("ATE0\rATDT5551234\r"));
    EXPECT_TRUE(out.reply.ends_with("\r\nCONNECT 115200\r\n\r\n\r\nUser Access Verification\r\n\r\nUsername: "))
        << out.reply;
    EXPECT_FALSE(m.online());
    EXPECT_EQ(m.state(), Modem::State::LoginUser);

    out = m.feed(bytes_of("joe\r\n"));  // the LF is not an empty password
    EXPECT_EQ(out.reply, "joe\r\nPassword: ");
    EXPECT_EQ(m.state(), Modem::State::LoginPassword);

    const std::string in = "secret\r\x7e\x01";
    out = m.feed(bytes_of(in));
    EXPECT_EQ(out.reply, "\r\n>");  // the password is never echoed
    EXPECT_EQ(out.events.at(0), (ModemEvent{K::LoginOk, "joe"}));
    EXPECT_EQ(out.events.at(1).kind, K::Online);
    EXPECT_TRUE(m.online());
    EXPECT_EQ(data_of(out), "\x7e\x01");
}

TEST(ModemLogin, DefaultsAcceptAnything) {
    Modem m{login_config(std::nullopt, std::nullopt)};
    talk(m, "ATD\r");
    talk(m, "whoever\r");
    auto out = m.feed(bytes_of("whatever\r"));
    EXPECT_TRUE(has_event(out, K::LoginOk));
    EXPECT_TRUE(m.online());
}

TEST(ModemLogin, EmptyUserNameAsksAgain) {
    Modem m{login_config(std::nullopt, std::nullopt)};
    talk(m, "ATD\r");
    EXPECT_EQ(talk(m, "\r"), "\r\nUsername: ");
    EXPECT_EQ(m.state(), Modem::State::LoginUser);
}

TEST(ModemLogin, WrongPasswordRetriesThenHangsUp) {
    Modem m{login_config("joe", "secret")};
    talk(m, "ATD\r");
    for (int attempt = 1; attempt <= 3; ++attempt) {
        talk(m, "joe\r");
        auto out = m.feed(bytes_of("guess\r"));
        EXPECT_NE(out.reply.find("% Login invalid"), std::string::npos);
        EXPECT_TRUE(has_event(out, K::LoginFailed));
        if (attempt < 3) {
            EXPECT_TRUE(out.reply.ends_with("Username: "));
            EXPECT_FALSE(has_event(out, K::Hangup));
        } else {
            EXPECT_TRUE(has_event(out, K::Hangup));
            EXPECT_EQ(m.state(), Modem::State::Command);
        }
    }
    EXPECT_FALSE(m.online());
}

TEST(ModemLogin, WrongUserFailsEvenWithTheRightPassword) {
    Modem m{login_config("joe", "secret")};
    talk(m, "ATD\r");
    talk(m, "mallory\r");
    auto out = m.feed(bytes_of("secret\r"));
    EXPECT_TRUE(has_event(out, K::LoginFailed));
    EXPECT_FALSE(m.online());
}

}  // namespace
}  // namespace ppp::sim
