// Hook scripts: pppd's arguments and environment, started without waiting
// (reaped through the loop) or waited for with a deadline.
#include <stdlib.h>
#include <systemd/sd-event.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "io/scripts.hpp"
#include "loop_helpers.hpp"
#include "temp_dir.hpp"

namespace ppp::io {
namespace {

using namespace std::chrono_literals;
using testing::run_until;
using testing::read_text;
using testing::TempDir;
using testing::write_text;

constexpr auto kExecutable = std::filesystem::perms(0755);

// Records its arguments one per line, then its environment (sorted), in
// OUT.tmp and renames it to OUT: the file appears complete.
std::string recorder(const std::string& out) {
    return "#!/bin/sh\n"
           "{ for a in \"$@\"; do printf '%s\\n' \"[$a]\"; done; echo --; env | LC_ALL=C sort; } > '" + out +
           ".tmp'\n"
           "mv '" + out + ".tmp' '" + out + "'\n";
}

ScriptInfo sample_info() {
    ScriptInfo i;
    i.ifname = "ppp0";
    i.device = "/dev/ttyS1";
    i.speed = 115200;
    i.local = "10.0.0.2";
    i.remote = "10.0.0.1";
    i.ipparam = "office";
    i.linkname = "isp";
    i.call_file = "isp";
    i.dns1 = Ipv4::parse("192.0.2.53");
    i.dns2 = Ipv4::parse("192.0.2.54");
    i.usepeerdns = true;
    i.orig_uid = 1000;
    i.ppplogname = "alice";
    i.pppd_pid = 4242;
    return i;
}

struct Logged {
    std::vector<std::string> lines;
    ScriptRunner::Log log() {
        return [this](LogLevel, const std::string& l) { lines.push_back(l); };
    }
    bool mentions(const std::string& part) const {
        return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(part) != std::string::npos; });
    }
};

TEST(ScriptArguments, IpScriptsGetPppdsSix) {
    const auto i = sample_info();
    const std::vector<std::string> expected{"ppp0", "/dev/ttyS1", "115200", "10.0.0.2", "10.0.0.1", "office"};
    EXPECT_EQ(script_arguments(HookScript::IpUp, i), expected);
    EXPECT_EQ(script_arguments(HookScript::IpPreUp, i), expected);
    EXPECT_EQ(script_arguments(HookScript::IpDown, i), expected);
    EXPECT_EQ(script_arguments(HookScript::Ipv6Up, i), expected);
    ScriptInfo bare = i;
    bare.ipparam.clear();
    EXPECT_EQ(script_arguments(HookScript::IpUp, bare).back(), "");  // always six, as pppd passes ""
    EXPECT_EQ(script_arguments(HookScript::IpUp, bare).size(), 6u);
}

TEST(ScriptArguments, AuthScriptsGetPeerAndTheRequestersLogin) {
    auto i = sample_info();
    i.peername = "isp-server";
    i.orig_uid = 1000;
    i.ppplogname = "alice";
    EXPECT_EQ(script_arguments(HookScript::AuthUp, i),
              (std::vector<std::string>{"ppp0", "isp-server", "alice", "/dev/ttyS1", "115200"}));
    // As pppd: a uid without a login name is given as the number.
    i.ppplogname = "(unknown)";
    EXPECT_EQ(script_arguments(HookScript::AuthDown, i),
              (std::vector<std::string>{"ppp0", "isp-server", "1000", "/dev/ttyS1", "115200"}));
}

TEST(ScriptEnvironment, PppdsVariables) {
    auto i = sample_info();
    auto env = script_environment(HookScript::IpUp, i);
    EXPECT_EQ(env["DEVICE"], "/dev/ttyS1");
    EXPECT_EQ(env["IFNAME"], "ppp0");
    EXPECT_EQ(env["IPLOCAL"], "10.0.0.2");
    EXPECT_EQ(env["IPREMOTE"], "10.0.0.1");
    EXPECT_EQ(env["SPEED"], "115200");
    EXPECT_EQ(env["LINKNAME"], "isp");
    EXPECT_EQ(env["CALL_FILE"], "isp");
    EXPECT_EQ(env["DNS1"], "192.0.2.53");
    EXPECT_EQ(env["DNS2"], "192.0.2.54");
    EXPECT_EQ(env["USEPEERDNS"], "1");
    EXPECT_EQ(env["ORIG_UID"], "1000");
    EXPECT_EQ(env["PPPLOGNAME"], "alice");
    EXPECT_EQ(env["PPPD_PID"], "4242");
    EXPECT_EQ(env.count("PEERNAME"), 0u);  // the peer did not authenticate
    EXPECT_EQ(env.count("CONNECT_TIME"), 0u);
    EXPECT_EQ(env.count("LLLOCAL"), 0u);

    i.peername = "isp-server";
    i.stats = ScriptInfo::Stats{3600, 123456, 654321};
    env = script_environment(HookScript::IpDown, i);
    EXPECT_EQ(env["PEERNAME"], "isp-server");
    EXPECT_EQ(env["CONNECT_TIME"], "3600");
    EXPECT_EQ(env["BYTES_SENT"], "123456");
    EXPECT_EQ(env["BYTES_RCVD"], "654321");

    env = script_environment(HookScript::Ipv6Up, i);
    EXPECT_EQ(env["LLLOCAL"], "10.0.0.2");
    EXPECT_EQ(env.count("IPLOCAL"), 0u);
}

TEST(ScriptRunner, IpUpGetsExactlyPppdsArgumentsAndEnvironment) {
    TempDir dir;
    const std::string out = dir / "ip-up.out";
    write_text(dir / "ip-up", recorder(out), kExecutable);
    ::setenv("PPPKIT_TEST_LEAK", "1", 1);  // the daemon's environment does not reach scripts
    EventLoop loop;
    Logged log;
    ScriptRunner runner(loop, dir.path(), log.log());
    bool done = false;
    int code = 0, status = -1;
    ASSERT_TRUE(runner.start(HookScript::IpUp, sample_info(), [&](HookScript s, int c, int st) {
        EXPECT_EQ(s, HookScript::IpUp);
        done = true;
        code = c;
        status = st;
    }));
    EXPECT_EQ(runner.running(), 1u);
    ASSERT_TRUE(run_until(loop, [&] { return done; }));
    ::unsetenv("PPPKIT_TEST_LEAK");
    EXPECT_EQ(code, CLD_EXITED);
    EXPECT_EQ(status, 0);
    EXPECT_EQ(runner.running(), 0u);
    const auto text = read_text(out);
    ASSERT_TRUE(text);
    const std::string args = text->substr(0, text->find("--\n"));
    EXPECT_EQ(args, "[ppp0]\n[/dev/ttyS1]\n[115200]\n[10.0.0.2]\n[10.0.0.1]\n[office]\n");
    const std::string env = text->substr(text->find("--\n") + 3);
    EXPECT_NE(env.find("IPLOCAL=10.0.0.2\n"), std::string::npos) << env;
    EXPECT_NE(env.find("DNS1=192.0.2.53\n"), std::string::npos) << env;
    EXPECT_EQ(env.find("PPPKIT_TEST_LEAK"), std::string::npos) << env;
    EXPECT_EQ(env.find("HOME="), std::string::npos) << env;
}

TEST(ScriptRunner, MissingOrNotExecutableIsSkippedSilently) {
    TempDir dir;
    write_text(dir / "ip-down", "#!/bin/sh\ntouch '" + (dir / "ran") + "'\n", std::filesystem::perms(0644));
    std::filesystem::create_directory(dir / "ip-up");  // not a regular file
    EventLoop loop;
    Logged log;
    ScriptRunner runner(loop, dir.path(), log.log());
    EXPECT_FALSE(runner.start(HookScript::IpDown, sample_info()));
    EXPECT_FALSE(runner.start(HookScript::IpUp, sample_info()));
    EXPECT_FALSE(runner.start(HookScript::AuthUp, sample_info()));
    EXPECT_FALSE(runner.run_and_wait(HookScript::IpPreUp, sample_info(), 1s));
    EXPECT_EQ(runner.running(), 0u);
    EXPECT_TRUE(log.lines.empty());
    EXPECT_FALSE(std::filesystem::exists(dir / "ran"));
}

TEST(ScriptRunner, FailureIsLoggedNotFatal) {
    TempDir dir;
    write_text(dir / "ip-down", "#!/bin/sh\nexit 3\n", kExecutable);
    write_text(dir / "ipv6-down", "#!/bin/sh\nkill -9 $$\n", kExecutable);
    EventLoop loop;
    Logged log;
    ScriptRunner runner(loop, dir.path(), log.log());
    int finished = 0;
    auto count = [&](HookScript, int, int) { ++finished; };
    ASSERT_TRUE(runner.start(HookScript::IpDown, sample_info(), count));
    ASSERT_TRUE(runner.start(HookScript::Ipv6Down, sample_info(), count));
    ASSERT_TRUE(run_until(loop, [&] { return finished == 2; }));
    EXPECT_TRUE(log.mentions("Script " + (dir / "ip-down") + " finished (pid ")) << log.lines.size();
    EXPECT_TRUE(log.mentions("), status = 0x3"));
    EXPECT_TRUE(log.mentions("killed by signal 9"));
}

TEST(ScriptRunner, PreUpIsWaitedFor) {
    TempDir dir;
    const std::string out = dir / "pre.out";
    // Slow enough that a runner that did not wait would return first.
    write_text(dir / "ip-pre-up", "#!/bin/sh\nsleep 0.3\n" + recorder(out).substr(10), kExecutable);
    EventLoop loop;
    Logged log;
    ScriptRunner runner(loop, dir.path(), log.log());
    EXPECT_TRUE(runner.run_and_wait(HookScript::IpPreUp, sample_info(), 10s));
    const auto text = read_text(out);
    ASSERT_TRUE(text) << "returned before ip-pre-up finished";
    EXPECT_EQ(text->substr(0, text->find("--\n")), "[ppp0]\n[/dev/ttyS1]\n[115200]\n[10.0.0.2]\n[10.0.0.1]\n[office]\n");
    EXPECT_TRUE(log.lines.empty());
}

TEST(ScriptRunner, PreUpPastItsDeadlineIsKilled) {
    TempDir dir;
    write_text(dir / "ip-pre-up", "#!/bin/sh\nexec sleep 60\n", kExecutable);
    EventLoop loop;
    Logged log;
    ScriptRunner runner(loop, dir.path(), log.log());
    EXPECT_TRUE(runner.run_and_wait(HookScript::IpPreUp, sample_info(), 200ms));
    EXPECT_TRUE(log.mentions("did not finish within"));
    EXPECT_TRUE(log.mentions("killed"));
}

}  // namespace
}  // namespace ppp::io
