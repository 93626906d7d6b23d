// io::Link's lifecycle rules against the real pppkit-sim: carrier loss,
// persist / holdoff / maxfail, LCP echo dead-peer detection, idle and
// maxconnect, and no redial after a user's disconnect. Each test runs in a
// private network namespace (the Link brings up a TUN ppp0 there). The
// simulator is told to drop the carrier (SIGUSR1) or to stop answering
// (SIGUSR2). Waits are on the Link's states with generous deadlines; where a
// time matters it is asserted as "not before X, and before a deadline".
#include <sched.h>
#include <signal.h>
#include <systemd/sd-event.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "io/link.hpp"
#include "link_recorder.hpp"
#include "sim_process.hpp"

namespace ppp::io {
namespace {

using namespace std::chrono_literals;
using sim::test::SimProcess;

using Recorder = testing::LinkRecorder;

class LinkLifecycleTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (::geteuid() != 0) GTEST_SKIP() << "SKIPPED: needs root (a private network namespace and TUN devices)";
        ASSERT_EQ(::unshare(CLONE_NEWNET), 0) << std::strerror(errno);
        std::filesystem::create_directories(dir_.path() + "/etc/peers");
        std::filesystem::create_directories(dir_.path() + "/run");
        paths_.config_dir = dir_.path() + "/etc";
        paths_.run_dir = dir_.path() + "/run";
        write(paths_.config_dir + "/options", "noauth\n");
        write(paths_.config_dir + "/chat-isp",
              "ABORT BUSY\nABORT 'NO CARRIER'\nTIMEOUT 5\n'' ATZ\nOK ATDT5551234\nCONNECT ''\n");
    }
    void TearDown() override { link_.reset(); }

    static void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

    // Starts pppkit-sim with `args` and a peer file with `extra` options
    // (`modem`: carrier is watched after the chat script).
    void start(const std::vector<std::string>& args, const std::string& extra) {
        std::vector<std::string> argv{sim::test::sim_binary(), "--link", line()};
        argv.insert(argv.end(), args.begin(), args.end());
        sim_ = std::make_unique<SimProcess>(argv);
        ASSERT_TRUE(sim_->wait_log("modem ready", 10s)) << sim_->log();
        write(paths_.config_dir + "/peers/isp", line() + " 115200\nmodem\nconnect 'chat -v -f " + paths_.config_dir +
                                                    "/chat-isp'\nnoipdefault\n" + extra);
        link_ = std::make_unique<Link>(loop_, "isp", paths_, rec_);
    }
    std::string line() const { return dir_.path() + "/ttySIM"; }

    // Runs the loop until `done` holds or `limit` passes (reading the
    // simulator's log as it goes, so it never blocks on a full pipe).
    bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 15s) {
        const Time end = EventLoop::now() + limit;
        while (!done()) {
            if (sim_) sim_->log();
            const Time now = EventLoop::now();
            if (now >= end) return false;
            const auto wait = std::min<std::chrono::microseconds>(
                std::chrono::duration_cast<std::chrono::microseconds>(end - now), 100ms);
            if (sd_event_run(loop_.get(), static_cast<std::uint64_t>(wait.count())) < 0) return false;
        }
        return true;
    }
    bool wait_state(LinkState s, std::chrono::milliseconds limit = 15s) {
        return run_until([&] { return link_->status().state == s; }, limit);
    }
    std::string why() {
        return std::string(to_string(link_->status().state)) + ": " + link_->status().reason + "\n--- link\n" +
               rec_.transcript() + "--- sim\n" + (sim_ ? sim_->log() : "");
    }
    // How often the simulator has logged `needle` so far (without waiting).
    long sim_logged(const std::string& needle) {
        const std::string& log = sim_->log();
        long n = 0;
        for (auto pos = log.find(needle); pos != std::string::npos; pos = log.find(needle, pos + 1)) ++n;
        return n;
    }
    void signal_sim(int signo) { ASSERT_EQ(::kill(sim_->pid(), signo), 0); }

    sim::test::TempDir dir_;
    EventLoop loop_;
    LinkPaths paths_;
    Recorder rec_;
    std::unique_ptr<SimProcess> sim_;
    std::unique_ptr<Link> link_;
};

TEST_F(LinkLifecycleTest, CarrierLossIsModemHangupExit16) {
    start({}, "");
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << why();
    signal_sim(SIGUSR1);
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << why();
    EXPECT_EQ(link_->status().exit_status, ExitStatus::Hangup);
    EXPECT_EQ(link_->status().failure, FailureKind::Hangup);
    EXPECT_EQ(link_->status().reason, "Modem hangup");
    EXPECT_EQ(rec_.count(LinkState::Holdoff), 0) << "no persist, no redial";
    EXPECT_EQ(link_->status().next_attempt_usec, 0u);
}

TEST_F(LinkLifecycleTest, CarrierDropGoesToHoldoffThenRedials) {
    start({}, "persist\nholdoff 1\n");
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << why();
    signal_sim(SIGUSR1);
    ASSERT_TRUE(wait_state(LinkState::Holdoff)) << why();
    const LinkStatus& st = link_->status();
    EXPECT_EQ(st.exit_status, ExitStatus::Hangup);
    EXPECT_EQ(st.failure, FailureKind::Hangup);
    // The connection had come up: the maxfail count starts again.
    EXPECT_EQ(st.reason, "Modem hangup; redialing in 1 s (attempt 1 of 10)");
    EXPECT_GT(st.next_attempt_usec, 0u);
    EXPECT_TRUE(st.interface.empty());
    // The redial dials again and comes up on the simulator's fresh line.
    ASSERT_TRUE(wait_state(LinkState::Connecting, 5s)) << why();
    EXPECT_EQ(link_->status().next_attempt_usec, 0u);
    ASSERT_TRUE(wait_state(LinkState::Running)) << why();
    EXPECT_EQ(link_->status().failed_attempts, 0);
    EXPECT_EQ(sim_logged("modem: dialing"), 2) << sim_->log();
    link_->disconnect("done");
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << why();
    EXPECT_EQ(link_->status().exit_status, ExitStatus::UserRequest);
}

TEST_F(LinkLifecycleTest, MaxfailStopsAfterThatManyFailedAttempts) {
    start({"--busy"}, "persist\nholdoff 0\nmaxfail 3\n");
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Disconnected, 30s)) << why();
    EXPECT_EQ(rec_.count(LinkState::Connecting), 3);
    EXPECT_EQ(rec_.count(LinkState::Holdoff), 2);
    EXPECT_EQ(link_->status().exit_status, ExitStatus::ConnectFailed);
    EXPECT_EQ(link_->status().failure, FailureKind::Busy);
    EXPECT_NE(link_->status().reason.find("gave up after 3 failed attempts (maxfail 3)"), std::string::npos)
        << link_->status().reason;
    // Nothing more happens: no fourth dial.
    EXPECT_FALSE(run_until([&] { return link_->status().state != LinkState::Disconnected; }, 1500ms));
    EXPECT_EQ(sim_logged("modem: dialing"), 3) << sim_->log();
}

TEST_F(LinkLifecycleTest, AnAttemptThatFailsAtOnceIsRetriedAfterASecondNotInABusyLoop) {
    write(paths_.config_dir + "/peers/isp", dir_.path() + "/no-such-tty 115200\npersist\nholdoff 0\nmaxfail 3\n");
    link_ = std::make_unique<Link>(loop_, "isp", paths_, rec_);
    const Time start = EventLoop::now();
    link_->connect();  // the device is missing: the attempt fails inside connect()
    EXPECT_EQ(link_->status().state, LinkState::Holdoff);
    EXPECT_EQ(link_->status().exit_status, ExitStatus::OpenFailed);
    EXPECT_EQ(link_->status().reason.substr(link_->status().reason.find(';')), "; redialing in 1 s (attempt 2 of 3)");
    ASSERT_TRUE(wait_state(LinkState::Disconnected, 10s)) << why();
    EXPECT_GE(EventLoop::now() - start, 2s);
    EXPECT_EQ(rec_.count(LinkState::Connecting), 3);
    EXPECT_EQ(link_->status().exit_status, ExitStatus::OpenFailed);
}

TEST_F(LinkLifecycleTest, NoHoldoffAfterTheUsersDisconnect) {
    start({}, "persist\nholdoff 30\n");
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << why();
    link_->disconnect("Requested by the test");
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << why();
    EXPECT_EQ(link_->status().exit_status, ExitStatus::UserRequest);
    EXPECT_EQ(rec_.count(LinkState::Holdoff), 0);
    EXPECT_EQ(link_->status().next_attempt_usec, 0u);
    EXPECT_FALSE(run_until([&] { return link_->status().state != LinkState::Disconnected; }, 1s)) << why();
    // Connecting again dials at once (once the simulator has a fresh line).
    ASSERT_TRUE(sim_->wait_log("modem ready", 5s, 2)) << sim_->log();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << why();
}

TEST_F(LinkLifecycleTest, DisconnectInHoldoffCancelsTheRedialAndConnectRedialsNow) {
    start({"--busy"}, "persist\nholdoff 60\n");
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Holdoff)) << why();
    EXPECT_EQ(link_->status().failure, FailureKind::Busy);
    // A user's Connect does not wait out the 60 s (once the simulator, having
    // hung up after BUSY, has a fresh line).
    ASSERT_TRUE(sim_->wait_log("modem ready", 5s, 2)) << sim_->log();
    link_->connect();
    EXPECT_EQ(link_->status().state, LinkState::Connecting);
    ASSERT_TRUE(run_until([&] { return sim_logged("modem: dialing") == 2; }, 5s)) << why();
    ASSERT_TRUE(wait_state(LinkState::Holdoff)) << why();
    EXPECT_EQ(rec_.count(LinkState::Connecting), 2);
    EXPECT_EQ(link_->status().failure, FailureKind::Busy);
    link_->disconnect("Stop redialing");
    EXPECT_EQ(link_->status().state, LinkState::Disconnected);
    EXPECT_EQ(link_->status().exit_status, ExitStatus::UserRequest);
    EXPECT_EQ(link_->status().reason, "Stop redialing");
    EXPECT_EQ(link_->status().next_attempt_usec, 0u);
}

TEST_F(LinkLifecycleTest, DeadPeerIsDetectedByLcpEcho) {
    constexpr int kInterval = 1, kFailure = 3;
    start({}, "lcp-echo-interval " + std::to_string(kInterval) + "\nlcp-echo-failure " + std::to_string(kFailure) +
                  "\n");
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << why();
    const Time silent = EventLoop::now();
    signal_sim(SIGUSR2);
    ASSERT_TRUE(wait_state(LinkState::Disconnecting, 20s)) << why();
    const auto took = EventLoop::now() - silent;
    EXPECT_EQ(link_->status().reason, "No response to 3 echo-requests");
    EXPECT_EQ(rec_.count(LinkState::Network), 1) << "straight from Running to Disconnecting";
    // The Terminate-Request goes unanswered too: the session's timers end it.
    ASSERT_TRUE(wait_state(LinkState::Disconnected, 20s)) << why();
    EXPECT_EQ(link_->status().exit_status, ExitStatus::PeerDead);
    EXPECT_EQ(link_->status().reason, "No response to 3 echo-requests");
    // interval × failure after the peer fell silent, give or take an
    // interval (where in the echo period it stopped); the upper bound is a
    // deadline with room for a loaded machine, not a timing measurement.
    EXPECT_GE(took, std::chrono::seconds(kInterval * (kFailure - 1))) << "detected too early";
    EXPECT_LT(took, std::chrono::seconds(kInterval * kFailure + 1 + 5)) << "detected too late";
}

TEST_F(LinkLifecycleTest, IdleLinkIsDisconnectedWithExit12AndNotRedialed) {
    start({}, "idle 1\npersist\nholdoff 0\n");
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << why();
    const Time up = EventLoop::now();
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << why();
    EXPECT_GE(EventLoop::now() - up, 1s);
    EXPECT_EQ(link_->status().exit_status, ExitStatus::IdleTimeout);
    EXPECT_EQ(link_->status().reason, "No data for 1 s (idle 1)");
    EXPECT_EQ(rec_.count(LinkState::Holdoff), 0);
    EXPECT_NE(rec_.transcript().find("Terminating connection due to lack of activity."), std::string::npos);
}

TEST_F(LinkLifecycleTest, MaxconnectEndsTheConnectionWithExit13) {
    start({}, "maxconnect 2\n");
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << why();
    const Time up = EventLoop::now();
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << why();
    EXPECT_GE(EventLoop::now() - up, 2s);
    EXPECT_EQ(link_->status().exit_status, ExitStatus::ConnectTime);
    EXPECT_EQ(link_->status().reason, "Connect time expired after 2 s (maxconnect 2)");
    // The ISP was told (LCP Terminate-Request), not just hung up on.
    EXPECT_TRUE(run_until([&] { return sim_logged("PPP phase Network -> Terminate") == 1; }, 5s)) << sim_->log();
}

TEST_F(LinkLifecycleTest, MaxconnectWithPersistRedials) {
    start({}, "maxconnect 1\npersist\nholdoff 0\n");
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << why();
    ASSERT_TRUE(wait_state(LinkState::Holdoff)) << why();
    EXPECT_EQ(link_->status().exit_status, ExitStatus::ConnectTime);
    ASSERT_TRUE(wait_state(LinkState::Running)) << why();
}

}  // namespace
}  // namespace ppp::io
