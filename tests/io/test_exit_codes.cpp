// pppd's exit codes (pppd(8), EXIT STATUS) for the ways a Link ends that the
// other tests do not already pin down: a real dial against a fake modem + ISP
// in a private network namespace. Needs root; skips (loudly) without it.
#include <sched.h>
#include <systemd/sd-event.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <memory>
#include <string>

#include "io/link.hpp"
#include "loop_helpers.hpp"
#include "temp_dir.hpp"
#include "test_link_peer.hpp"

namespace ppp::io {
namespace {

using namespace std::chrono_literals;
using testing::run_until;
using testing::FakePeer;
using testing::TempDir;
using testing::write_text;

// The numbers are the contract (D-Bus ExitStatus, pppctl's exit code).
TEST(ExitCodes, MatchPppdsTable) {
    const std::pair<ExitStatus, int> table[] = {
        {ExitStatus::Ok, 0},
        {ExitStatus::FatalError, 1},
        {ExitStatus::OptionError, 2},
        {ExitStatus::NotRoot, 3},
        {ExitStatus::NoKernelSupport, 4},
        {ExitStatus::UserRequest, 5},
        {ExitStatus::LockFailed, 6},
        {ExitStatus::OpenFailed, 7},
        {ExitStatus::ConnectFailed, 8},
        {ExitStatus::PtyCommandFailed, 9},
        {ExitStatus::NegotiationFailed, 10},
        {ExitStatus::PeerAuthFailed, 11},
        {ExitStatus::IdleTimeout, 12},
        {ExitStatus::ConnectTime, 13},
        {ExitStatus::Callback, 14},
        {ExitStatus::PeerDead, 15},
        {ExitStatus::Hangup, 16},
        {ExitStatus::Loopback, 17},
        {ExitStatus::InitFailed, 18},
        {ExitStatus::AuthTopeerFailed, 19},
        {ExitStatus::TrafficLimit, 20},
        {ExitStatus::CnidAuthFailed, 21},
    };
    for (const auto& [status, code] : table) EXPECT_EQ(static_cast<int>(status), code);
}

struct Quiet : LinkObserver {
    std::string transcript;
    void state_changed(LinkState, LinkState, const std::string&) override {}
    void status_changed() override {}
    void log_line(const std::string& line) override { transcript += line + "\n"; }
};

class LinkExitTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (::geteuid() != 0) GTEST_SKIP() << "SKIPPED: needs root (a private network namespace and TUN devices)";
        ASSERT_EQ(::unshare(CLONE_NEWNET), 0) << std::strerror(errno);
        std::filesystem::create_directories(dir_ / "etc/peers");
        std::filesystem::create_directories(dir_ / "run");
        paths_.config_dir = dir_ / "etc";
        paths_.run_dir = dir_ / "run";
        paths_.lock_dir = dir_ / "run";
        write_text(dir_ / "etc/options", "");
        write_text(dir_ / "etc/chat-isp", "ABORT BUSY\n'' ATZ\nOK ATDT5551234\nCONNECT ''\n");
    }
    void TearDown() override { link_.reset(); }

    void dial(const std::string& device, const std::string& connect) {
        write_text(dir_ / "etc/peers/isp", device + " 115200\nlocal\nnoauth\nconnect '" + connect + "'\n");
        link_ = std::make_unique<Link>(loop_, "isp", paths_, rec_);
        link_->connect();
    }
    bool wait_state(LinkState s) {
        return run_until(loop_, [&] { return link_->status().state == s; });
    }

    TempDir dir_;
    EventLoop loop_;
    LinkPaths paths_;
    Quiet rec_;
    std::unique_ptr<Link> link_;
};

TEST_F(LinkExitTest, PeerTerminatingAnEstablishedLinkIsExit0) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    dial(peer.device(), "chat -f " + (dir_ / "etc/chat-isp"));
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript;
    peer.terminate("Administrative shutdown");
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript;
    EXPECT_EQ(link_->status().exit_status, ExitStatus::Ok) << link_->status().reason;
    EXPECT_EQ(link_->status().failure, FailureKind::None);
    EXPECT_NE(link_->status().reason.find("Administrative shutdown"), std::string::npos) << link_->status().reason;
}

TEST_F(LinkExitTest, UnreadableChatScriptIsConnectFailed) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    dial(peer.device(), "chat -f " + (dir_ / "etc/missing-chat"));
    EXPECT_EQ(link_->status().state, LinkState::Disconnected);
    EXPECT_EQ(link_->status().exit_status, ExitStatus::ConnectFailed);
    EXPECT_EQ(link_->status().failure, FailureKind::ConfigError);
}

TEST_F(LinkExitTest, BrokenChatScriptIsConnectFailedWithItsLine) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_text(dir_ / "etc/chat-bad", "'' ATZ\nOK 'ATDT\nCONNECT ''\n");
    dial(peer.device(), "chat -f " + (dir_ / "etc/chat-bad"));
    EXPECT_EQ(link_->status().exit_status, ExitStatus::ConnectFailed);
    EXPECT_NE(link_->status().reason.find("chat-bad:2: "), std::string::npos) << link_->status().reason;
}

TEST_F(LinkExitTest, ModemHangupDuringTheScriptIsConnectFailed) {
    FakePeer peer(loop_, FakePeer::Answer::Silent);
    dial(peer.device(), "chat -f " + (dir_ / "etc/chat-isp"));
    ASSERT_TRUE(run_until(loop_, [&] { return !peer.commands.empty(); })) << rec_.transcript;
    peer.hang_up();
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript;
    EXPECT_EQ(link_->status().exit_status, ExitStatus::ConnectFailed);
    EXPECT_EQ(link_->status().failure, FailureKind::Hangup);
}

TEST_F(LinkExitTest, HangupOffKeepsTheScriptGoingUntilItsTimeout) {
    FakePeer peer(loop_, FakePeer::Answer::Silent);
    write_text(dir_ / "etc/chat-callback", "HANGUP OFF\nTIMEOUT 1\n'' ATZ\nOK ATDT5551234\nCONNECT ''\n");
    dial(peer.device(), "chat -f " + (dir_ / "etc/chat-callback"));
    ASSERT_TRUE(run_until(loop_, [&] { return !peer.commands.empty(); })) << rec_.transcript;
    peer.hang_up();
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript;
    EXPECT_EQ(link_->status().exit_status, ExitStatus::ConnectFailed);
    EXPECT_EQ(link_->status().failure, FailureKind::ChatTimeout) << rec_.transcript;
    EXPECT_NE(rec_.transcript.find("modem hangup ignored (HANGUP OFF)"), std::string::npos) << rec_.transcript;
}

TEST_F(LinkExitTest, ExternalChatAbortIsConnectFailed) {
    FakePeer peer(loop_, FakePeer::Answer::Busy);
    if (::access("/usr/sbin/chat", X_OK) != 0) GTEST_SKIP() << "SKIPPED: /usr/sbin/chat missing (package ppp)";
    dial(peer.device(), "exec /usr/sbin/chat -f " + (dir_ / "etc/chat-isp"));
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript;
    EXPECT_EQ(link_->status().exit_status, ExitStatus::ConnectFailed);
    EXPECT_NE(rec_.transcript.find("Connect script failed"), std::string::npos) << rec_.transcript;
}

TEST_F(LinkExitTest, ExternalChatWithoutAScriptFileIsNamedByNumber) {
    FakePeer peer(loop_, FakePeer::Answer::Busy);
    if (::access("/usr/sbin/chat", X_OK) != 0) GTEST_SKIP() << "SKIPPED: /usr/sbin/chat missing (package ppp)";
    dial(peer.device(), "exec /usr/sbin/chat ABORT NOPE ABORT BUSY \"\" ATZ OK ATDT1 CONNECT \"\"");
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript;
    EXPECT_EQ(link_->status().exit_status, ExitStatus::ConnectFailed);
    EXPECT_EQ(link_->status().failure, FailureKind::ChatFailed);
    EXPECT_EQ(link_->status().reason, "chat: matched ABORT string #2 (exit 5)");
}

}  // namespace
}  // namespace ppp::io
