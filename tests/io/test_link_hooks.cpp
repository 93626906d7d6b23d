// io::Link's lock file and hook scripts through a real dial: a fake modem +
// ISP on a pty, each test in a private network namespace and a private
// temporary config/run/lock directory. Needs root; skips (loudly) without it.
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <systemd/sd-event.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "io/link.hpp"
#include "io/uucp_lock.hpp"
#include "pty_link_test.hpp"
#include "loop_helpers.hpp"
#include "temp_dir.hpp"
#include "test_link_peer.hpp"

namespace ppp::io {
namespace {

using namespace std::chrono_literals;
using testing::run_until;
using testing::FakePeer;
using testing::read_text;
using testing::recording_script;
using testing::env_of;
using testing::args_of;
using testing::TempDir;
using testing::write_text;

constexpr auto kExecutable = std::filesystem::perms(0755);

class LinkHooksTest : public testing::PtyLinkTest {
protected:
    void write_peer(const std::string& device, const std::string& extra = {}) {
        PtyLinkTest::write_peer(device, "usepeerdns\n" + extra);
    }
    std::string lock_file(const FakePeer& peer) const { return dir_ / UucpLock::file_name(peer.device()).insert(0, "lock/"); }
};

TEST_F(LinkHooksTest, IpUpAndIpDownGetPppdsArgumentsAndEnvironment) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device(), "ipparam office\nlinkname work\n");
    write_text(dir_ / "etc/ip-pre-up", recording_script(dir_ / "pre-up.out"), kExecutable);
    write_text(dir_ / "etc/ip-up", recording_script(dir_ / "up.out"), kExecutable);
    write_text(dir_ / "etc/ip-down", recording_script(dir_ / "down.out"), kExecutable);
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << link_->status().reason << "\n" << rec_.transcript();
    // ip-pre-up was waited for: its record exists as soon as the link runs.
    const auto pre = read_text(dir_ / "pre-up.out");
    ASSERT_TRUE(pre) << "ip-pre-up did not run before the interface came up";
    ASSERT_TRUE(wait_file(dir_ / "up.out"));
    const auto up = read_text(dir_ / "up.out");
    ASSERT_TRUE(up);
    const std::string expected_args = (dir_ / "etc/ip-up") + "\n[ppp0]\n[" + peer.device() +
                                      "]\n[115200]\n[10.64.0.2]\n[10.64.0.1]\n[office]\n";
    EXPECT_EQ(args_of(*up), expected_args);
    EXPECT_EQ(args_of(*pre), (dir_ / "etc/ip-pre-up") + expected_args.substr(expected_args.find('\n')));
    const std::string env = env_of(*up);
    for (const std::string& line : {"DEVICE=" + peer.device(), std::string("IFNAME=ppp0"),
                                    std::string("IPLOCAL=10.64.0.2"), std::string("IPREMOTE=10.64.0.1"),
                                    std::string("SPEED=115200"), std::string("LINKNAME=work"),
                                    std::string("CALL_FILE=isp"), std::string("DNS1=10.64.0.53"),
                                    std::string("USEPEERDNS=1"), "ORIG_UID=" + std::to_string(::getuid()),
                                    std::string("PPPLOGNAME=root"), "PPPD_PID=" + std::to_string(::getpid())}) {
        EXPECT_NE(env.find(line + "\n"), std::string::npos) << line << " missing in\n" << env;
    }
    EXPECT_EQ(env.find("CONNECT_TIME="), std::string::npos);
    EXPECT_EQ(env.find("DNS2="), std::string::npos);  // the ISP sent one address
    // linkname names the second pidfile, as in pppd.
    EXPECT_EQ(read_text(dir_ / "run/ppp-work.pid"), std::to_string(::getpid()) + "\nppp0\n");

    // Some data over the link, for ip-down's counters.
    std::vector<std::uint8_t> packet(28, 0);
    packet[0] = 0x45;
    packet[3] = 28;
    packet[8] = 64;
    packet[9] = 17;
    peer.send_ipv4(packet);
    ASSERT_TRUE(run_until(loop_, [&] { return link_->status().rx_bytes > 0; }));

    link_->disconnect("test done");
    ASSERT_TRUE(wait_state(LinkState::Disconnected));
    ASSERT_TRUE(wait_file(dir_ / "down.out"));
    const auto down = read_text(dir_ / "down.out");
    ASSERT_TRUE(down);
    EXPECT_EQ(args_of(*down), (dir_ / "etc/ip-down") + expected_args.substr(expected_args.find('\n')));
    const std::string denv = env_of(*down);
    EXPECT_NE(denv.find("CONNECT_TIME="), std::string::npos) << denv;
    EXPECT_NE(denv.find("BYTES_SENT="), std::string::npos) << denv;
    EXPECT_NE(denv.find("BYTES_RCVD="), std::string::npos) << denv;
    EXPECT_EQ(denv.find("BYTES_RCVD=0\n"), std::string::npos) << denv;
}

TEST_F(LinkHooksTest, FailingIpUpIsLoggedAndTheLinkStaysUp) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device());
    write_text(dir_ / "etc/ip-up", "#!/bin/sh\nexit 7\n", kExecutable);
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    ASSERT_TRUE(run_until(loop_, [&] { return rec_.mentions("status = 0x7"); })) << rec_.transcript();
    EXPECT_EQ(link_->status().state, LinkState::Running);
}

TEST_F(LinkHooksTest, DeviceIsLockedWhileConnectedAndUnlockedAfter) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device());
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    EXPECT_EQ(read_text(lock_file(peer)), UucpLock::contents(::getpid()));
    link_->disconnect("test done");
    ASSERT_TRUE(wait_state(LinkState::Disconnected));
    EXPECT_FALSE(std::filesystem::exists(lock_file(peer)));
}

TEST_F(LinkHooksTest, LiveHolderFailsWithDeviceLockedAndExit6) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device());
    const pid_t holder = testing::start_sleeper();
    ASSERT_GT(holder, 0);
    write_text(lock_file(peer), UucpLock::contents(holder));
    make_link();
    link_->connect();
    const LinkStatus st = link_->status();
    ::kill(holder, SIGKILL);
    ::waitpid(holder, nullptr, 0);
    EXPECT_EQ(st.state, LinkState::Disconnected);
    EXPECT_EQ(st.failure, FailureKind::DeviceLocked);
    EXPECT_EQ(st.exit_status, ExitStatus::LockFailed);
    EXPECT_NE(st.reason.find("is locked by pid " + std::to_string(holder) + " (sleep)"), std::string::npos)
        << st.reason;
    EXPECT_TRUE(peer.commands.empty()) << "the modem was dialled although the device is locked";
    EXPECT_EQ(read_text(lock_file(peer)), UucpLock::contents(holder));
}

TEST_F(LinkHooksTest, StaleLockIsRemovedAndTheDialGoesOn) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device());
    const pid_t dead = ::fork();
    if (dead == 0) ::_exit(0);
    ::waitpid(dead, nullptr, 0);
    write_text(lock_file(peer), UucpLock::contents(dead));
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    EXPECT_TRUE(rec_.mentions("Removed stale lock on " + UucpLock::file_name(peer.device()).substr(5) + " (pid " +
                              std::to_string(dead) + ")"))
        << rec_.transcript();
}

TEST_F(LinkHooksTest, NolockInThePeerFileSkipsTheLock) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device(), "nolock\n");
    // Someone else's lock would stop a locking dial.
    const pid_t holder = testing::start_sleeper();
    ASSERT_GT(holder, 0);
    write_text(lock_file(peer), UucpLock::contents(holder));
    make_link();
    link_->connect();
    const bool up = wait_state(LinkState::Running);
    ::kill(holder, SIGKILL);
    ::waitpid(holder, nullptr, 0);
    EXPECT_TRUE(up) << link_->status().reason;
    EXPECT_EQ(read_text(lock_file(peer)), UucpLock::contents(holder));
}

}  // namespace
}  // namespace ppp::io

namespace ppp::io {
namespace {

TEST_F(LinkHooksTest, ChatReportFileAndBreakOnTheLine) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_text(dir_ / "etc/chat-report", "REPORT CONNECT\n'' '\\KATZ'\nOK ATDT5551234\nCONNECT ''\n");
    write_text(dir_ / "etc/peers/isp", peer.device() + " 115200\nlocal\nnoauth\nconnect 'chat -r " +
                                           (dir_ / "report") + " -f " + (dir_ / "etc/chat-report") + "'\n");
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << link_->status().reason << "\n" << rec_.transcript();
    EXPECT_EQ(peer.commands, "ATZ|ATDT5551234");
    const auto report = read_text(dir_ / "report");
    ASSERT_TRUE(report) << rec_.transcript();
    EXPECT_EQ(report->rfind("chat:  ", 0), 0u) << *report;
    EXPECT_NE(report->find(" CONNECT"), std::string::npos) << *report;
    EXPECT_EQ(report->back(), '\n');
    EXPECT_FALSE(rec_.mentions("cannot send a break")) << rec_.transcript();
}

}  // namespace
}  // namespace ppp::io

namespace ppp::io {
namespace {

// pppd's familiar lines, in the order pppd logs them.
TEST_F(LinkHooksTest, PppdsLogLinesFromConnectToExit) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device(), "debug\n");
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    link_->disconnect("test done");
    ASSERT_TRUE(wait_state(LinkState::Disconnected));
    const std::vector<std::string> in_order = {
        "Serial connection established.",
        "sent [LCP ConfReq id=0x1",
        "rcvd [LCP ConfAck id=0x1",
        "local  IP address 10.64.0.2",
        "remote IP address 10.64.0.1",
        "primary   DNS address 10.64.0.53",
        "Connect: ppp0 <--> " + peer.device(),
        "Connection terminated.",
        "Connect time 0.0 minutes.",
        "Sent ",
        "Exit.",
    };
    std::size_t at = 0;
    for (const auto& want : in_order) {
        const auto it = std::find_if(rec_.logs.begin() + static_cast<std::ptrdiff_t>(at), rec_.logs.end(),
                                     [&](const std::string& l) { return l.rfind(want, 0) == 0; });
        ASSERT_NE(it, rec_.logs.end()) << "'" << want << "' missing or out of order in\n" << rec_.transcript();
        at = static_cast<std::size_t>(it - rec_.logs.begin());
    }
    EXPECT_TRUE(rec_.mentions("<magic 0x")) << rec_.transcript();
}

TEST_F(LinkHooksTest, WithoutDebugNoPacketDecodes) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device());
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    EXPECT_FALSE(rec_.mentions("sent [LCP")) << rec_.transcript();
    EXPECT_TRUE(rec_.mentions("local  IP address 10.64.0.2"));
}

TEST_F(LinkHooksTest, BusyLogsConnectScriptFailed) {
    FakePeer peer(loop_, FakePeer::Answer::Busy);
    write_peer(peer.device());
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript();
    EXPECT_EQ(link_->status().failure, FailureKind::Busy);
    EXPECT_EQ(link_->status().exit_status, ExitStatus::ConnectFailed);
    EXPECT_TRUE(rec_.mentions("Connect script failed")) << rec_.transcript();
    EXPECT_EQ(rec_.logs.back(), "Exit.");
    EXPECT_FALSE(rec_.mentions("Connection terminated.")) << "no PPP ran";
}

}  // namespace
}  // namespace ppp::io

namespace ppp::io {
namespace {

TEST_F(LinkHooksTest, IpDownWaitsForASlowIpUp) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device());
    const std::string started = dir_ / "up-started", release = dir_ / "release", done = dir_ / "up-done";
    // ip-up holds until the test releases it (bounded), then says it finished.
    write_text(dir_ / "etc/ip-up",
               "#!/bin/sh\ntouch '" + started + "'\ni=0\nwhile [ ! -e '" + release + "' ] && [ $i -lt 200 ]; do "
               "sleep 0.05; i=$((i+1)); done\ntouch '" + done + "'\n",
               kExecutable);
    write_text(dir_ / "etc/ip-down",
               "#!/bin/sh\nif [ -e '" + done + "' ]; then r=after; else r=before; fi\necho $r > '" + (dir_ / "down.tmp") +
                   "'\nmv '" + (dir_ / "down.tmp") + "' '" + (dir_ / "down.out") + "'\n",
               kExecutable);
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    ASSERT_TRUE(wait_file(started));
    link_->disconnect("test done");
    ASSERT_TRUE(wait_state(LinkState::Disconnected));
    write_text(release, "");
    ASSERT_TRUE(wait_file(dir_ / "down.out")) << rec_.transcript();
    EXPECT_EQ(read_text(dir_ / "down.out"), "after\n") << "ip-down ran while ip-up was still running";
}

}  // namespace
}  // namespace ppp::io
