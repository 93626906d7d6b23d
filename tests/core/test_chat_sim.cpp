// The chat engine against pppkit-sim's Hayes modem (the same interpreter the
// simulator runs on its pty), on a fake clock: the seed's dial script, each
// failure answer mapped to chat's exit code, and the Cisco login.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "core/chat.hpp"
#include "modem.hpp"

using namespace ppp;
using namespace ppp::chat;
using namespace std::chrono_literals;

namespace {

const char* const kDialScript =
    "ABORT BUSY\n"
    "ABORT 'NO CARRIER'\n"
    "ABORT 'NO DIALTONE'\n"
    "ABORT 'NO ANSWER'\n"
    "ABORT ERROR\n"
    "TIMEOUT 30\n"
    "'' ATZ\n"
    "OK ATDT5551234\n"
    "CONNECT ''\n";

// The seed's Cisco login after CONNECT: the password is sent quietly (\q).
const char* const kLoginScript =
    "ABORT BUSY\n"
    "ABORT 'NO CARRIER'\n"
    "ABORT 'Login invalid'\n"
    "'' ATZ\n"
    "OK ATDT5551234\n"
    "CONNECT ''\n"
    "ername: joe\n"
    "ssword: \\qs3cret\n"
    "'>'\n";

struct SimRig {
    Engine engine;
    sim::Modem modem;
    Time now{};
    std::vector<std::string> log;
    std::string heard;        // everything the engine wrote
    std::string after;        // bytes the modem took as data (online)

    SimRig(const char* script, sim::ModemConfig config)
        : engine(parse_script(script, "chat-isp"), Invocation{}), modem(config) {}

    void pump() {
        for (int guard = 0; guard < 1000; ++guard) {
            const auto out = engine.take_output();
            const auto l = engine.take_log();
            log.insert(log.end(), l.begin(), l.end());
            if (out.empty()) return;
            heard.append(out.begin(), out.end());
            const auto reply = modem.feed(Bytes{out.data(), out.size()});
            after.append(reply.data.begin(), reply.data.end());
            const std::vector<std::uint8_t> r(reply.reply.begin(), reply.reply.end());
            engine.input(now, r);
        }
        FAIL() << "no quiescence";
    }

    Status run() {
        engine.start(now);
        pump();
        while (engine.status() == Status::Running) {
            const auto d = engine.next_deadline();
            if (!d) break;
            now = *d;
            engine.tick(now);
            pump();
        }
        return engine.status();
    }

    bool mentions(const std::string& part) const {
        return std::any_of(log.begin(), log.end(), [&](const std::string& l) { return l.find(part) != std::string::npos; });
    }
};

sim::ModemConfig dialing(sim::DialOutcome outcome) {
    sim::ModemConfig c;
    c.dial = outcome;
    return c;
}

}  // namespace

TEST(ChatAgainstSim, SeedScriptConnects) {
    SimRig rig(kDialScript, dialing(sim::DialOutcome::Connect));
    EXPECT_EQ(rig.run(), Status::Done);
    EXPECT_TRUE(rig.modem.online());
    EXPECT_EQ(rig.heard, "ATZ\rATDT5551234\r\r");
    // The modem echoes commands (ATE1 by default): expects still match the replies.
    EXPECT_TRUE(rig.mentions("expect (CONNECT)"));
    EXPECT_TRUE(rig.now == Time{}) << "no timer should have been needed";
}

struct Refusal {
    sim::DialOutcome outcome;
    int exit_code;
    const char* abort_string;
};

class ChatAgainstSimRefusal : public ::testing::TestWithParam<Refusal> {};

TEST_P(ChatAgainstSimRefusal, EndsWithTheAbortStringsNumber) {
    SimRig rig(kDialScript, dialing(GetParam().outcome));
    EXPECT_EQ(rig.run(), Status::Failed);
    EXPECT_EQ(rig.engine.failure().exit_code, GetParam().exit_code);
    EXPECT_EQ(rig.engine.failure().abort_string, GetParam().abort_string);
    EXPECT_EQ(rig.engine.failure().message, std::string("matched ABORT string \"") + GetParam().abort_string + "\"");
    EXPECT_FALSE(rig.modem.online());
}

INSTANTIATE_TEST_SUITE_P(Answers, ChatAgainstSimRefusal,
                         ::testing::Values(Refusal{sim::DialOutcome::Busy, 4, "BUSY"},
                                           Refusal{sim::DialOutcome::NoCarrier, 5, "NO CARRIER"},
                                           Refusal{sim::DialOutcome::NoDialtone, 6, "NO DIALTONE"}));

TEST(ChatAgainstSim, UnknownCommandMatchesError) {
    SimRig rig("ABORT ERROR '' ATZ OK ATS99=1 OK x", dialing(sim::DialOutcome::Connect));
    EXPECT_EQ(rig.run(), Status::Failed);
    EXPECT_EQ(rig.engine.failure().exit_code, 4);
    EXPECT_EQ(rig.engine.failure().abort_string, "ERROR");
}

TEST(ChatAgainstSim, MuteModemTimesOut) {
    sim::ModemConfig c;
    c.mute = true;
    SimRig rig(kDialScript, c);
    EXPECT_EQ(rig.run(), Status::Failed);
    EXPECT_EQ(rig.engine.failure().exit_code, 3);
    EXPECT_EQ(rig.engine.failure().message, "timeout waiting for \"OK\"");
    EXPECT_EQ(rig.now, Time{} + 30s);
}

TEST(ChatAgainstSim, CiscoLoginGoesOnlineAndNeverLogsThePassword) {
    sim::ModemConfig c;
    c.login = true;
    c.user = "joe";
    c.password = "s3cret";
    SimRig rig(kLoginScript, c);
    EXPECT_EQ(rig.run(), Status::Done);
    EXPECT_TRUE(rig.modem.online());
    EXPECT_NE(rig.heard.find("joe\rs3cret\r"), std::string::npos);
    EXPECT_TRUE(rig.mentions("send (joe^M)"));
    EXPECT_TRUE(rig.mentions("send (" + std::string(6, '?') + ")"));
    EXPECT_FALSE(rig.mentions("s3cret"));
}

TEST(ChatAgainstSim, WrongPasswordMatchesTheLoginAbort) {
    sim::ModemConfig c;
    c.login = true;
    c.user = "joe";
    c.password = "other";
    SimRig rig(kLoginScript, c);
    EXPECT_EQ(rig.run(), Status::Failed);
    EXPECT_EQ(rig.engine.failure().exit_code, 6);
    EXPECT_EQ(rig.engine.failure().abort_string, "Login invalid");
    EXPECT_FALSE(rig.mentions("s3cret"));
}

TEST(ChatAgainstSim, SubexpectWakesASilentLogin) {
    // `ogin:--ogin:`-style: nothing until a return is sent. The sim's login
    // prompt comes at once, so the first alternative is met; the script
    // still has to get through the send-on-timeout path when it does not.
    sim::ModemConfig c;
    c.login = true;
    SimRig rig("'' ATZ OK ATDT1 CONNECT '' ername:--ername: joe ssword: \\qx '>'", c);
    EXPECT_EQ(rig.run(), Status::Done);
    EXPECT_FALSE(rig.mentions("alarm"));
}

// The seed's layout: the modem part ends on a bare CONNECT, and the login
// lines read as send/expect: `"" ername:` / `username ssword:` / `\qpassword >`.
TEST(ChatAgainstSim, SeedCiscoLoginLayout) {
    sim::ModemConfig c;
    c.login = true;
    c.user = "username";
    c.password = "password";
    SimRig rig("ABORT BUSY\n"
               "ABORT 'NO CARRIER'\n"
               "'' ATZ\n"
               "OK ATDT5551234\n"
               "CONNECT\n"
               "\"\" ername:\n"
               "username ssword:\n"
               "\\qpassword >\n",
               c);
    EXPECT_EQ(rig.run(), Status::Done);
    EXPECT_TRUE(rig.modem.online());
    EXPECT_NE(rig.heard.find("\rusername\rpassword\r"), std::string::npos) << rig.heard;
    EXPECT_TRUE(rig.mentions("expect (>)"));
    EXPECT_FALSE(rig.mentions("password"));
}
