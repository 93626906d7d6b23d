// Test support: runs the pppkit-sim binary as a child with its log on a
// pipe, and talks to its line like a terminal program would. Every wait has
// a deadline; nothing sleeps.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/fd.hpp"

namespace ppp::sim::test {

using Millis = std::chrono::milliseconds;

class SimProcess {
public:
    // argv[0] is the program; the child's stderr and stdout go to the log pipe.
    explicit SimProcess(const std::vector<std::string>& argv);
    // SIGTERM, then SIGKILL if it has not exited within a few seconds.
    ~SimProcess();
    SimProcess(const SimProcess&) = delete;
    SimProcess& operator=(const SimProcess&) = delete;

    int pid() const { return pid_; }
    // Reads the log until `needle` has appeared `times` times in total.
    bool wait_log(std::string_view needle, Millis timeout, int times = 1);
    // The child's exit code, or nullopt if it is still running at the deadline
    // (or died of a signal: then -signo).
    std::optional<int> wait_exit(Millis timeout);
    const std::string& log() { drain(); return log_; }

private:
    void drain();
    int pid_ = -1;
    io::Fd log_fd_;
    io::Fd pidfd_;
    std::string log_;
    std::optional<int> status_;
};

// The simulator's binary (set by CMake).
std::string sim_binary();
// A fresh temporary directory, removed (with its contents) on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// Opens the link like a dialler: raw, CLOCAL, non-blocking.
io::Fd open_line(const std::string& path);
// Writes all of `s`, waiting for room with a deadline. False on error/timeout.
bool send_text(int fd, std::string_view s, Millis timeout = Millis(5000));
// Reads until the received text contains `needle`; returns everything read
// (empty optional on timeout or hang-up, with what was read in `got`).
std::optional<std::string> expect_text(int fd, std::string_view needle, Millis timeout, std::string* got = nullptr);

}  // namespace ppp::sim::test
