// The daemon's log lines: journal fields, and the stderr form used when
// standard error is not the journal.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/journal.hpp"
#include "temp_dir.hpp"

namespace ppp::io {
namespace {

using testing::read_text;
using testing::TempDir;

// Points fd 2 at a file for the life of the object.
class CaptureStderr {
public:
    explicit CaptureStderr(const std::string& path) : path_(path), saved_(::dup(2)) {
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        ::dup2(fd, 2);
        ::close(fd);
    }
    ~CaptureStderr() { restore(); }
    std::string finish() {
        restore();
        return read_text(path_).value_or("");
    }

private:
    void restore() {
        if (saved_ >= 0) {
            ::dup2(saved_, 2);
            ::close(saved_);
            saved_ = -1;
        }
    }
    std::string path_;
    int saved_;
};

TEST(Journal, FieldsCarryTheLinkAndPhase) {
    EXPECT_EQ(journal_fields(LogLevel::Notice, "isp", "establish", "Connect: ppp0 <--> /dev/ttyS1"),
              (std::vector<std::string>{"MESSAGE=Connect: ppp0 <--> /dev/ttyS1", "PRIORITY=5",
                                        "SYSLOG_IDENTIFIER=pppkitd", "PPP_LINK=isp", "PPP_PHASE=establish"}));
    EXPECT_EQ(journal_fields(LogLevel::Debug, "", "", "x"),
              (std::vector<std::string>{"MESSAGE=x", "PRIORITY=7", "SYSLOG_IDENTIFIER=pppkitd"}));
    EXPECT_EQ(journal_fields(LogLevel::Error, "a", "", "x")[1], "PRIORITY=3");
    EXPECT_EQ(journal_fields(LogLevel::Warning, "a", "", "x")[1], "PRIORITY=4");
    EXPECT_EQ(journal_fields(LogLevel::Info, "a", "", "x")[1], "PRIORITY=6");
}

TEST(Journal, StderrLinesNameTheLink) {
    TempDir dir;
    const LogSinks saved = log_sinks();
    set_log_sinks(LogSinks{false, true});
    CaptureStderr capture(dir / "stderr");
    log_message(LogLevel::Notice, "isp", "running", "Connect: ppp0 <--> /dev/ttyS1");
    log_message(LogLevel::Info, "", "", "serving");
    const std::string out = capture.finish();
    set_log_sinks(saved);
    EXPECT_EQ(out, "isp: Connect: ppp0 <--> /dev/ttyS1\nserving\n");
}

TEST(Journal, NoSinkNoOutput) {
    TempDir dir;
    const LogSinks saved = log_sinks();
    set_log_sinks(LogSinks{false, false});
    CaptureStderr capture(dir / "stderr");
    log_message(LogLevel::Error, "isp", "", "Connect script failed");
    const std::string out = capture.finish();
    set_log_sinks(saved);
    EXPECT_EQ(out, "");
}

TEST(Journal, UnderSystemdStderrIsNotUsedTwice) {
    // systemd's JOURNAL_STREAM naming fd 2: stderr already is the journal.
    struct stat st {};
    ASSERT_EQ(::fstat(2, &st), 0);
    const std::string same = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
    const std::string other = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino + 1);
    const LogSinks service = choose_log_sinks(true, same.c_str());
    EXPECT_TRUE(service.journal);
    EXPECT_FALSE(service.stderr_);
    const LogSinks terminal = choose_log_sinks(true, nullptr);
    EXPECT_TRUE(terminal.journal && terminal.stderr_);
    const LogSinks redirected = choose_log_sinks(true, other.c_str());
    EXPECT_TRUE(redirected.journal && redirected.stderr_);
    const LogSinks container = choose_log_sinks(false, same.c_str());  // no journald: stderr only
    EXPECT_FALSE(container.journal);
    EXPECT_TRUE(container.stderr_);
    EXPECT_TRUE(choose_log_sinks(true, "garbage").stderr_);
}

}  // namespace
}  // namespace ppp::io
