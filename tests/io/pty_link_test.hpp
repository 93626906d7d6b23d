// The fixture of the io::Link tests that dial the fake modem + ISP on a pty
// (test_link_peer.hpp): each test in a private network namespace, with a
// private config/run/lock directory holding `options` (lock) and a chat
// script for the fake modem. Needs root; skips (loudly) without it.
#pragma once

#include <sched.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include "io/link.hpp"
#include "link_recorder.hpp"
#include "loop_helpers.hpp"
#include "temp_dir.hpp"

namespace ppp::io::testing {

class PtyLinkTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (::geteuid() != 0) GTEST_SKIP() << "SKIPPED: needs root (a private network namespace and TUN devices)";
        ASSERT_EQ(::unshare(CLONE_NEWNET), 0) << std::strerror(errno);
        ASSERT_FALSE(dir_.path().empty());
        std::filesystem::create_directories(dir_ / "etc/peers");
        std::filesystem::create_directories(dir_ / "run");
        std::filesystem::create_directories(dir_ / "lock");
        paths_.config_dir = dir_ / "etc";
        paths_.run_dir = dir_ / "run";
        paths_.lock_dir = dir_ / "lock";
        write_text(dir_ / "etc/options", "lock\n");
        write_text(dir_ / "etc/chat-isp", "ABORT BUSY\n'' ATZ\nOK ATDT5551234\nCONNECT ''\n");
    }
    void TearDown() override { link_.reset(); }

    // peers/isp: DEVICE at 115200, `local`, `noauth` unless told otherwise,
    // the chat script as the connect command, then EXTRA.
    void write_peer(const std::string& device, const std::string& extra = {}, bool noauth = true) {
        write_text(dir_ / "etc/peers/isp", device + " 115200\nlocal\n" + (noauth ? "noauth\n" : "") +
                                               "connect 'chat -f " + (dir_ / "etc/chat-isp") + "'\n" + extra);
    }
    void make_link() { link_ = std::make_unique<Link>(loop_, "isp", paths_, rec_); }
    bool wait_state(LinkState s, std::chrono::milliseconds limit = kSafetyLimit) {
        return run_until(loop_, [&] { return link_->status().state == s; }, limit);
    }
    bool wait_file(const std::string& path) {
        return run_until(loop_, [&] { return std::filesystem::exists(path); });
    }

    TempDir dir_;
    EventLoop loop_;
    LinkPaths paths_;
    LinkRecorder rec_;
    std::unique_ptr<Link> link_;
};

}  // namespace ppp::io::testing
