// Reading configuration files, pidfiles, and the Fd helpers.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "io/fd.hpp"
#include "io/files.hpp"
#include "io/pidfile.hpp"

namespace ppp::io {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class TempDir : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = ::testing::TempDir() + "pppkit-io-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    std::size_t entries() const { return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), {})); }

    fs::path dir_;
};

void write(const std::string& path, const std::string& contents) {
    std::ofstream out(path, std::ios::binary);
    out << contents;
}

using ReadFile = TempDir;

TEST_F(ReadFile, ReturnsTheWholeFile) {
    std::string contents = "noauth\nlock\n";
    contents.push_back('\0');
    contents += "binary\xff";
    write(path("options"), contents);
    EXPECT_EQ(read_file(path("options")), contents);
}

TEST_F(ReadFile, LargerThanOneReadBuffer) {
    const std::string contents(100000, 'x');
    write(path("big"), contents);
    EXPECT_EQ(read_file(path("big")), contents);
}

TEST_F(ReadFile, EmptyFileIsEmptyNotMissing) {
    write(path("empty"), "");
    EXPECT_EQ(read_file(path("empty")), std::string());
}

TEST_F(ReadFile, MissingFileIsNullopt) { EXPECT_EQ(read_file(path("nope")), std::nullopt); }

TEST_F(ReadFile, DirectoryIsNullopt) { EXPECT_EQ(read_file(dir_.string()), std::nullopt); }

TEST_F(ReadFile, FifoIsNulloptWithoutBlocking) {
    ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
    EXPECT_EQ(read_file(path("fifo")), std::nullopt);
}

TEST_F(ReadFile, UnreadableFileIsNullopt) {
    write(path("secret"), "x");
    ASSERT_EQ(::chmod(path("secret").c_str(), 0), 0);
    if (::geteuid() != 0) {
        EXPECT_EQ(read_file(path("secret")), std::nullopt);
        return;
    }
    // Root reads any file: check as an unprivileged user in a child process.
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        if (::setresgid(65534, 65534, 65534) != 0 || ::setresuid(65534, 65534, 65534) != 0) ::_exit(2);
        ::_exit(read_file(path("secret")) == std::nullopt ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "an unreadable file was read (2 = could not drop privileges)";
}

using PidFileTest = TempDir;

TEST_F(PidFileTest, WritesContentsAndRemovesOnDestruction) {
    const std::string p = path("ppp0.pid");
    {
        PidFile pid(p, "1234\nppp0\n");
        EXPECT_EQ(pid.path(), p);
        EXPECT_EQ(read_file(p), "1234\nppp0\n");
        EXPECT_EQ(fs::status(p).permissions(), fs::perms(0644));
        EXPECT_EQ(entries(), 1u) << "a temporary file was left behind";
    }
    EXPECT_FALSE(fs::exists(p));
}

TEST_F(PidFileTest, ReplacesAnExistingFile) {
    const std::string p = path("ppp-dsl.pid");
    write(p, "stale contents that are longer\n");
    PidFile pid(p, "42\n");
    EXPECT_EQ(read_file(p), "42\n");
    EXPECT_EQ(entries(), 1u);
}

TEST_F(PidFileTest, MoveTransfersOwnership) {
    const std::string p = path("a.pid");
    PidFile outer;
    {
        PidFile inner(p, "1\n");
        outer = std::move(inner);
        EXPECT_TRUE(inner.path().empty());  // NOLINT(bugprone-use-after-move)
    }
    EXPECT_TRUE(fs::exists(p)) << "the moved-from object removed the file";
    PidFile moved(std::move(outer));
    EXPECT_EQ(moved.path(), p);
    moved = PidFile();
    EXPECT_FALSE(fs::exists(p)) << "assigning over a pidfile must remove it";
}

TEST_F(PidFileTest, ErrorNamesThePathAndLeavesNothing) {
    const std::string p = path("missing-dir/ppp0.pid");
    try {
        PidFile pid(p, "1\n");
        FAIL() << "created a pidfile in a missing directory";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), ENOENT);
        EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
    }
    EXPECT_EQ(entries(), 0u);
}

TEST(Fd, ClosesOnDestructionAndReset) {
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    {
        Fd a(p[0]);
        Fd b(p[1]);
        b.reset();
        EXPECT_FALSE(b);
        EXPECT_EQ(::fcntl(p[1], F_GETFD), -1);
    }
    EXPECT_EQ(::fcntl(p[0], F_GETFD), -1);
}

TEST(Fd, MoveAndRelease) {
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    Fd a(p[0]);
    Fd b(std::move(a));
    EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(b.get(), p[0]);
    Fd c(p[1]);
    c = std::move(b);  // closes p[1]
    EXPECT_EQ(::fcntl(p[1], F_GETFD), -1);
    const int raw = c.release();
    EXPECT_FALSE(c);
    EXPECT_EQ(::fcntl(raw, F_GETFD), 0);
    ::close(raw);
}

TEST(Fd, FlagHelpers) {
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    Fd a(p[0]), b(p[1]);
    set_nonblocking(a.get());
    EXPECT_TRUE(::fcntl(a.get(), F_GETFL) & O_NONBLOCK);
    set_nonblocking(a.get(), false);
    EXPECT_FALSE(::fcntl(a.get(), F_GETFL) & O_NONBLOCK);
    set_cloexec(a.get());
    EXPECT_TRUE(::fcntl(a.get(), F_GETFD) & FD_CLOEXEC);
    set_cloexec(a.get(), false);
    EXPECT_FALSE(::fcntl(a.get(), F_GETFD) & FD_CLOEXEC);
    EXPECT_THROW(set_nonblocking(-1), std::system_error);
    EXPECT_THROW(set_cloexec(-1), std::system_error);
}

TEST(Fd, ThrowErrnoCarriesCodeAndText) {
    try {
        throw_errno(ENOENT, "cannot open /x");
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), ENOENT);
        EXPECT_EQ(std::string(e.what()), "cannot open /x: No such file or directory");
    }
    errno = EACCES;
    try {
        throw_errno("denied");
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), EACCES);
    }
}

}  // namespace
}  // namespace ppp::io
