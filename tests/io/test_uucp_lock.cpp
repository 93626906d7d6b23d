// UUCP lock files in a private lock directory: format, stale locks, live
// holders, release.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <system_error>
#include <vector>

#include "io/uucp_lock.hpp"
#include "temp_dir.hpp"

namespace ppp::io {
namespace {

using testing::read_text;
using testing::TempDir;
using testing::write_text;

// A pid that belonged to a process that has exited and been reaped.
int dead_pid() {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(0);
    ::waitpid(pid, nullptr, 0);
    return pid;
}

// A live process named `sleep`, killed at the end of the test.
struct Sleeper {
    pid_t pid = -1;
    Sleeper() : pid(testing::start_sleeper()) {}
    ~Sleeper() {
        if (pid > 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
    }
};

struct Lines {
    std::vector<std::string> lines;
    UucpLock::Log log() {
        return [this](const std::string& l) { lines.push_back(l); };
    }
};

TEST(UucpLock, NamesAndFormat) {
    EXPECT_EQ(UucpLock::file_name("/dev/ttyS1"), "LCK..ttyS1");
    EXPECT_EQ(UucpLock::file_name("ttyUSB0"), "LCK..ttyUSB0");
    EXPECT_EQ(UucpLock::file_name("/dev/serial/by-id/usb-modem"), "LCK..usb-modem");
    EXPECT_EQ(UucpLock::contents(1234), "      1234\n");
    EXPECT_EQ(UucpLock::contents(1234).size(), 11u);
    EXPECT_EQ(UucpLock::parse_pid("      1234\n"), 1234);
    EXPECT_EQ(UucpLock::parse_pid("1234\n"), 1234);
    EXPECT_EQ(UucpLock::parse_pid(""), 0);
    EXPECT_EQ(UucpLock::parse_pid("garbage"), 0);
    EXPECT_EQ(UucpLock::parse_pid("99999999999\n"), 0);
    const std::int32_t binary = 4321;
    EXPECT_EQ(UucpLock::parse_pid(std::string(reinterpret_cast<const char*>(&binary), 4)), 4321);
}

TEST(UucpLock, CreatesPppdStyleFileAndRemovesIt) {
    TempDir dir;
    ASSERT_FALSE(dir.path().empty());
    const std::string path = dir / "LCK..ttyS1";
    {
        Lines log;
        UucpLock lock(dir.path(), "/dev/ttyS1", log.log());
        EXPECT_EQ(lock.path(), path);
        EXPECT_EQ(read_text(path), UucpLock::contents(::getpid()));
        struct stat st {};
        ASSERT_EQ(::stat(path.c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0644u);
        EXPECT_TRUE(log.lines.empty());
        // Nothing else is left in the directory (no temporary files).
        int entries = 0;
        for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
        EXPECT_EQ(entries, 1);
    }
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(UucpLock, StaleLockIsRemovedWithALogLine) {
    TempDir dir;
    const int pid = dead_pid();
    write_text(dir / "LCK..ttyS1", UucpLock::contents(pid));
    Lines log;
    UucpLock lock(dir.path(), "/dev/ttyS1", log.log());
    EXPECT_EQ(read_text(dir / "LCK..ttyS1"), UucpLock::contents(::getpid()));
    ASSERT_EQ(log.lines.size(), 1u);
    EXPECT_EQ(log.lines[0], "Removed stale lock on ttyS1 (pid " + std::to_string(pid) + ")");
}

TEST(UucpLock, UnreadablePidCountsAsStale) {
    TempDir dir;
    write_text(dir / "LCK..ttyS2", "not a pid\n");
    Lines log;
    UucpLock lock(dir.path(), "ttyS2", log.log());
    EXPECT_EQ(read_text(dir / "LCK..ttyS2"), UucpLock::contents(::getpid()));
    ASSERT_EQ(log.lines.size(), 1u);
    EXPECT_EQ(log.lines[0], "Removed stale lock on ttyS2 (pid 0)");
}

TEST(UucpLock, LiveHolderIsNamedAndKeepsItsLock) {
    TempDir dir;
    Sleeper holder;
    ASSERT_GT(holder.pid, 0) << "cannot start sleep(1)";
    const std::string held = UucpLock::contents(holder.pid);
    write_text(dir / "LCK..ttyS1", held);
    Lines log;
    try {
        UucpLock lock(dir.path(), "/dev/ttyS1", log.log());
        ADD_FAILURE() << "locked a device held by " << holder.pid;
    } catch (const DeviceLockedError& e) {
        EXPECT_EQ(e.pid(), holder.pid);
        EXPECT_EQ(e.command(), "sleep");
        EXPECT_EQ(e.lock_file(), dir / "LCK..ttyS1");
        const std::string what = e.what();
        EXPECT_NE(what.find("ttyS1 is locked by pid " + std::to_string(holder.pid) + " (sleep)"), std::string::npos)
            << what;
    }
    EXPECT_EQ(read_text(dir / "LCK..ttyS1"), held);
    EXPECT_TRUE(log.lines.empty());
}

TEST(UucpLock, SecondLockInTheSameProcessFails) {
    TempDir dir;
    UucpLock first(dir.path(), "/dev/ttyS1", {});
    EXPECT_THROW(UucpLock(dir.path(), "/dev/ttyS1", {}), DeviceLockedError);
    // Another device is independent.
    UucpLock other(dir.path(), "/dev/ttyS2", {});
    EXPECT_TRUE(std::filesystem::exists(dir / "LCK..ttyS2"));
}

TEST(UucpLock, ReleaseLeavesSomeoneElsesLockAlone) {
    TempDir dir;
    Sleeper other;
    ASSERT_GT(other.pid, 0);
    {
        UucpLock lock(dir.path(), "/dev/ttyS1", {});
        // The lock was broken and taken by another process meanwhile.
        write_text(dir / "LCK..ttyS1", UucpLock::contents(other.pid));
    }
    EXPECT_EQ(read_text(dir / "LCK..ttyS1"), UucpLock::contents(other.pid));
}

TEST(UucpLock, MovedLockIsReleasedOnce) {
    TempDir dir;
    UucpLock a(dir.path(), "/dev/ttyS1", {});
    UucpLock b(std::move(a));
    EXPECT_FALSE(a);
    EXPECT_TRUE(b);
    b.release();
    EXPECT_FALSE(std::filesystem::exists(dir / "LCK..ttyS1"));
    EXPECT_FALSE(b);
}

TEST(UucpLock, MissingLockDirectoryIsASystemError) {
    TempDir dir;
    try {
        UucpLock lock(dir / "missing", "/dev/ttyS1", {});
        ADD_FAILURE();
    } catch (const DeviceLockedError&) {
        ADD_FAILURE() << "not a lock held by someone";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), ENOENT);
        EXPECT_NE(std::string(e.what()).find("LCK..ttyS1"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace ppp::io
