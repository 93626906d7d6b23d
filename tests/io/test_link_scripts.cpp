// io::Link and pppd's options around the line and its scripts, through a
// real dial against the fake modem + ISP on a pty: the disconnect script,
// connect-delay, auth-up/auth-down, chat's HANGUP OFF across a hangup, and
// the linkname pidfile. Each test in a private network namespace and a
// private temporary config/run/lock directory. Needs root; skips without.
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "io/link.hpp"
#include "pty_link_test.hpp"
#include "loop_helpers.hpp"
#include "temp_dir.hpp"
#include "test_link_peer.hpp"

namespace ppp::io {
namespace {

using namespace std::chrono_literals;
using testing::FakePeer;
using testing::read_text;
using testing::recording_script;
using testing::env_of;
using testing::args_of;
using testing::run_until;
using testing::TempDir;
using testing::write_text;

constexpr auto kExecutable = std::filesystem::perms(0755);

using LinkScriptsTest = testing::PtyLinkTest;

// ---------------------------------------------------------------- disconnect

TEST_F(LinkScriptsTest, DisconnectScriptTalksOnTheLineBeforeItIsClosed) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    const std::string out = dir_ / "hangup.out";
    // Says ATH0 on stdout and waits for the modem's OK on stdin: both are the line.
    write_text(dir_ / "etc/hangup",
               "#!/bin/sh\nprintf 'ATH0\\r'\nwhile IFS= read -r l; do case \"$l\" in *OK*) echo answered > '" + out +
                   ".tmp'; mv '" + out + ".tmp' '" + out + "'; exit 0;; esac; done\nexit 1\n",
               kExecutable);
    write_peer(peer.device(), "disconnect " + (dir_ / "etc/hangup") + "\n");
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << link_->status().reason << "\n" << rec_.transcript();
    link_->disconnect("test done");
    EXPECT_EQ(link_->status().state, LinkState::Disconnecting);
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript();
    // Disconnected only after the script had its answer from the modem.
    EXPECT_EQ(read_text(out), "answered\n") << rec_.transcript();
    EXPECT_NE(peer.commands.rfind("ATH0"), std::string::npos) << peer.commands;
    EXPECT_EQ(peer.commands.substr(peer.commands.size() - 4), "ATH0") << peer.commands;
    const long terminated = rec_.first("Connection terminated.");
    const long disconnected = rec_.first("Serial link disconnected.");
    ASSERT_GE(terminated, 0) << rec_.transcript();
    EXPECT_GT(disconnected, terminated) << rec_.transcript();
    EXPECT_GT(rec_.first("Exit."), disconnected) << rec_.transcript();
    EXPECT_EQ(link_->status().exit_status, ExitStatus::UserRequest);
}

TEST_F(LinkScriptsTest, DisconnectChatRunsInTheInternalEngine) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device(), "disconnect \"chat -v '' ATH0 OK\"\n");
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    link_->disconnect("test done");
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript();
    EXPECT_EQ(peer.commands.substr(peer.commands.size() - 4), "ATH0") << peer.commands;
    EXPECT_TRUE(rec_.mentions("Running disconnect script: chat")) << rec_.transcript();
    EXPECT_FALSE(rec_.mentions("external command")) << rec_.transcript();
    EXPECT_GE(rec_.first("Serial link disconnected."), 0) << rec_.transcript();
    EXPECT_FALSE(rec_.mentions("Disconnect script failed")) << rec_.transcript();
}

TEST_F(LinkScriptsTest, HangingDisconnectScriptIsKilledAtTheLimit) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    paths_.disconnect_limit = 300ms;
    const std::string pid_file = dir_ / "script.pid";
    write_text(dir_ / "etc/hang", "#!/bin/sh\ntrap '' TERM\necho $$ > '" + pid_file + "'\nexec sleep 60\n", kExecutable);
    write_peer(peer.device(), "disconnect " + (dir_ / "etc/hang") + "\n");
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    link_->disconnect("test done");
    ASSERT_TRUE(wait_state(LinkState::Disconnected, 5s)) << rec_.transcript();
    EXPECT_TRUE(rec_.mentions("Disconnect script did not finish within 300 ms: killed")) << rec_.transcript();
    EXPECT_TRUE(rec_.mentions("Disconnect script failed")) << rec_.transcript();
    const auto pid = read_text(pid_file);
    ASSERT_TRUE(pid);
    const std::string stat = "/proc/" + std::string(pid->substr(0, pid->find('\n'))) + "/stat";
    // Killed: gone, or a zombie (the script's shell may have forked it; then
    // init reaps it, in its own time).
    auto dead = [&] {
        const auto text = read_text(stat);
        if (!text || text->empty()) return true;
        const auto paren = text->rfind(')');
        return paren != std::string::npos && text->compare(paren + 1, 3, " Z ") == 0;
    };
    EXPECT_TRUE(run_until(loop_, dead, 5s)) << stat << ": " << read_text(stat).value_or("");
}

TEST_F(LinkScriptsTest, ADisconnectWhileThePeersEndRunsTheScriptStopsTheRedial) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    paths_.disconnect_limit = 300ms;
    const std::string started = dir_ / "script.started";
    write_text(dir_ / "etc/hang", "#!/bin/sh\ntrap '' TERM\ntouch '" + started + "'\nexec sleep 60\n", kExecutable);
    write_peer(peer.device(), "persist\nholdoff 0\ndisconnect " + (dir_ / "etc/hang") + "\n");
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    peer.terminate("going away");
    ASSERT_TRUE(wait_file(started)) << rec_.transcript();
    ASSERT_EQ(link_->status().state, LinkState::Disconnecting) << rec_.transcript();
    link_->disconnect("user request");
    ASSERT_TRUE(wait_state(LinkState::Disconnected, 5s)) << rec_.transcript();
    EXPECT_FALSE(rec_.saw(LinkState::Holdoff)) << "persist redialled after the user's disconnect:\n" << rec_.transcript();
}

TEST_F(LinkScriptsTest, NoDisconnectScriptAfterAModemHangup) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_text(dir_ / "etc/hangup", recording_script(dir_ / "hangup.out"), kExecutable);
    write_peer(peer.device(), "disconnect " + (dir_ / "etc/hangup") + "\n");
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    peer.hang_up();
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript();
    EXPECT_EQ(link_->status().failure, FailureKind::Hangup);
    // As pppd: nothing to talk to on a line that hung up.
    EXPECT_FALSE(std::filesystem::exists(dir_ / "hangup.out")) << rec_.transcript();
    EXPECT_FALSE(rec_.mentions("disconnect script")) << rec_.transcript();
}

// ---------------------------------------------------------------- connect-delay

TEST_F(LinkScriptsTest, ConnectDelayWaitsForThePeersFirstPacket) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    peer.ppp_delay = 300ms;  // the ISP's end takes a moment after CONNECT
    write_peer(peer.device(), "connect-delay 5000\ndebug\n");
    make_link();
    link_->connect();
    // Well before the 5 s: the peer's packet, not the time, started LCP.
    ASSERT_TRUE(wait_state(LinkState::Running, 4s)) << rec_.transcript();
    EXPECT_EQ(peer.flags_before_ppp, 0u) << "the Link sent PPP before the peer spoke\n" << rec_.transcript();
}

TEST_F(LinkScriptsTest, ConnectDelayZeroStartsAtOnce) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    peer.ppp_delay = 300ms;
    write_peer(peer.device(), "connect-delay 0\nlcp-restart 1\n");  // our lost ConfReq is sent again soon
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    EXPECT_GT(peer.flags_before_ppp, 0u) << "the Link waited for the peer";
}

TEST_F(LinkScriptsTest, ConnectDelayEndsAfterItsTimeWithASilentPeer) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    peer.passive = true;  // speaks only when spoken to
    write_peer(peer.device(), "connect-delay 200\ndebug\n");
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    const long sent = rec_.first("sent [LCP ConfReq"), rcvd = rec_.first("rcvd [LCP ConfReq");
    ASSERT_GE(rcvd, 0) << rec_.transcript();
    EXPECT_LT(sent, rcvd) << rec_.transcript();
}

// ---------------------------------------------------------------- auth-up / auth-down

TEST_F(LinkScriptsTest, AuthUpAndAuthDownGetPppdsArgumentsAndPeername) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    peer.auth_user = "isp-box";
    peer.auth_password = "s3cret";
    write_text(dir_ / "etc/chap-secrets", "isp-box pppkit s3cret *\n", std::filesystem::perms(0600));
    write_peer(peer.device(), "require-chap\nname pppkit\n", false);
    write_text(dir_ / "etc/auth-up", recording_script(dir_ / "auth-up.out"), kExecutable);
    write_text(dir_ / "etc/auth-down", recording_script(dir_ / "auth-down.out"), kExecutable);
    write_text(dir_ / "etc/ip-up", recording_script(dir_ / "ip-up.out"), kExecutable);
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << link_->status().reason << "\n" << rec_.transcript();
    ASSERT_TRUE(wait_file(dir_ / "auth-up.out")) << rec_.transcript();
    const auto up = read_text(dir_ / "auth-up.out");
    ASSERT_TRUE(up);
    // interface-name peer-name user-name tty-device speed; user-name: who asked (root here).
    const std::string args = "\n[ppp0]\n[isp-box]\n[root]\n[" + peer.device() + "]\n[115200]\n";
    EXPECT_EQ(args_of(*up), (dir_ / "etc/auth-up") + args);
    EXPECT_NE(env_of(*up).find("\nPEERNAME=isp-box\n"), std::string::npos) << env_of(*up);
    ASSERT_TRUE(wait_file(dir_ / "ip-up.out"));
    EXPECT_NE(env_of(*read_text(dir_ / "ip-up.out")).find("\nPEERNAME=isp-box\n"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(dir_ / "auth-down.out"));
    link_->disconnect("test done");
    ASSERT_TRUE(wait_state(LinkState::Disconnected));
    ASSERT_TRUE(wait_file(dir_ / "auth-down.out")) << rec_.transcript();
    EXPECT_EQ(args_of(*read_text(dir_ / "auth-down.out")), (dir_ / "etc/auth-down") + args);
}

TEST_F(LinkScriptsTest, NoAuthUpWhenThePeerDidNotAuthenticate) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device());
    write_text(dir_ / "etc/auth-up", recording_script(dir_ / "auth-up.out"), kExecutable);
    write_text(dir_ / "etc/ip-up", recording_script(dir_ / "ip-up.out"), kExecutable);
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    ASSERT_TRUE(wait_file(dir_ / "ip-up.out"));
    EXPECT_FALSE(std::filesystem::exists(dir_ / "auth-up.out"));
    EXPECT_EQ(env_of(*read_text(dir_ / "ip-up.out")).find("PEERNAME="), std::string::npos);
}

// ---------------------------------------------------------------- HANGUP OFF

TEST_F(LinkScriptsTest, HangupOffKeepsTheScriptRunningAcrossAHangup) {
    // The modem hangs up on the dial and calls back on a fresh line.
    FakePeer peer(loop_, FakePeer::Answer::Callback, dir_ / "ttyCB");
    write_text(dir_ / "etc/chat-isp", "HANGUP OFF\nTIMEOUT 5\nABORT BUSY\n'' ATZ\nOK ATDT5551234\nRING ATA\nCONNECT ''\n");
    write_peer(peer.device());
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << link_->status().reason << "\n" << rec_.transcript();
    EXPECT_EQ(peer.commands, "ATZ|ATDT5551234|ATA");
    EXPECT_TRUE(rec_.mentions("modem hangup ignored (HANGUP OFF)")) << rec_.transcript();
}

TEST_F(LinkScriptsTest, HangupOnEndsTheScriptAtTheHangup) {
    FakePeer peer(loop_, FakePeer::Answer::Callback, dir_ / "ttyCB");
    write_text(dir_ / "etc/chat-isp", "TIMEOUT 5\n'' ATZ\nOK ATDT5551234\nRING ATA\nCONNECT ''\n");
    write_peer(peer.device());
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript();
    EXPECT_EQ(link_->status().failure, FailureKind::Hangup);
}

// ---------------------------------------------------------------- linkname

TEST_F(LinkScriptsTest, LinkPidfileAndLinknameOnlyWithTheOption) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device());
    write_text(dir_ / "etc/ip-up", recording_script(dir_ / "ip-up.out"), kExecutable);
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    ASSERT_TRUE(wait_file(dir_ / "ip-up.out"));
    EXPECT_TRUE(std::filesystem::exists(dir_ / "run/ppp0.pid"));
    // As pppd: no ppp-NAME.pid and no LINKNAME without `linkname NAME`.
    for (const auto& entry : std::filesystem::directory_iterator(dir_ / "run")) {
        EXPECT_NE(entry.path().filename().string().rfind("ppp-", 0), 0u) << entry.path();
    }
    EXPECT_EQ(env_of(*read_text(dir_ / "ip-up.out")).find("LINKNAME="), std::string::npos);
}

// ---------------------------------------------------------------- dump

TEST_F(LinkScriptsTest, DumpLogsTheEffectiveOptionsWithWhereEachWasSet) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device(), "dump\nmru 1400\npassword s3cret\n");
    make_link();
    link_->connect();
    const std::string peers = dir_ / "etc/peers/isp";
    EXPECT_TRUE(rec_.mentions("Effective options:")) << rec_.transcript();
    EXPECT_TRUE(rec_.mentions("mru 1400\t\t# (from " + peers + ":6)")) << rec_.transcript();
    EXPECT_TRUE(rec_.mentions("lock\t\t# (from " + (dir_ / "etc/options") + ":1)")) << rec_.transcript();
    EXPECT_FALSE(rec_.mentions("s3cret")) << "dump logged the password:\n" << rec_.transcript();
    link_->disconnect("test done");
}

TEST_F(LinkScriptsTest, WithoutDumpNoOptionsAreLogged) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device(), "mru 1400\n");
    make_link();
    link_->connect();
    EXPECT_FALSE(rec_.mentions("Effective options:")) << rec_.transcript();
    link_->disconnect("test done");
}

}  // namespace
}  // namespace ppp::io
