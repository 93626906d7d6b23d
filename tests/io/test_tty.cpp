// Terminals: pty pairs, serial settings on a pty slave, the connect command on a tty.
#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "io/command.hpp"
#include "io/event_loop.hpp"
#include "io/fd.hpp"
#include "io/pty.hpp"
#include "io/serial.hpp"
#include "loop_helpers.hpp"

namespace ppp::io {
namespace {

using testing::run_loop;

bool is_nonblocking(int fd) { return (::fcntl(fd, F_GETFL) & O_NONBLOCK) != 0; }
bool is_cloexec(int fd) { return (::fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0; }

// Reads from `fd` through the loop until `want` bytes arrived.
std::string read_through_loop(EventLoop& loop, int fd, std::size_t want) {
    std::string got;
    Source io = loop.add_io(fd, EPOLLIN, [&](std::uint32_t) {
        char buf[256];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) got.append(buf, static_cast<std::size_t>(n));
        if (got.size() >= want) loop.exit(0);
    });
    EXPECT_TRUE(run_loop(loop)) << "only " << got.size() << " of " << want << " bytes arrived";
    return got;
}

// Every byte value, including the ones a cooked tty would interpret
// (^C, ^D, ^S/^Q, CR, NL, DEL).
std::string all_byte_values() {
    std::string s;
    for (int b = 0; b < 256; ++b) s.push_back(static_cast<char>(b));
    return s;
}

TEST(Pty, OpensRawNonblockingPair) {
    Pty pty = open_pty();
    ASSERT_TRUE(pty.master);
    EXPECT_TRUE(pty.slave_path.starts_with("/dev/pts/")) << pty.slave_path;
    EXPECT_TRUE(std::filesystem::exists(pty.slave_path));
    EXPECT_TRUE(is_nonblocking(pty.master.get()));
    EXPECT_TRUE(is_cloexec(pty.master.get()));
    termios tio{};
    ASSERT_EQ(::tcgetattr(pty.master.get(), &tio), 0);
    EXPECT_EQ(tio.c_lflag & (ICANON | ECHO | ISIG), 0u);
    EXPECT_EQ(tio.c_oflag & OPOST, 0u);
}

TEST(Pty, BytesRoundTripBothWays) {
    EventLoop loop;
    Pty pty = open_pty();
    Fd slave(::open(pty.slave_path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    ASSERT_TRUE(slave) << pty.slave_path;
    const std::string bytes = all_byte_values();

    ASSERT_EQ(::write(pty.master.get(), bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    EXPECT_EQ(read_through_loop(loop, slave.get(), bytes.size()), bytes);
}

TEST(Pty, SlaveToMaster) {
    EventLoop loop;
    Pty pty = open_pty();
    Fd slave(::open(pty.slave_path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    ASSERT_TRUE(slave);
    const std::string bytes = all_byte_values();
    ASSERT_EQ(::write(slave.get(), bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    EXPECT_EQ(read_through_loop(loop, pty.master.get(), bytes.size()), bytes);
}

TEST(Pty, ReplaceSymlinkPointsAtTheNewTarget) {
    const std::string link = ::testing::TempDir() + "pppkit-test-link-" + std::to_string(::getpid());
    ::unlink(link.c_str());
    replace_symlink("/dev/pts/1", link);
    EXPECT_EQ(std::filesystem::read_symlink(link), "/dev/pts/1");
    replace_symlink("/dev/pts/2", link);  // replaces the existing link
    EXPECT_EQ(std::filesystem::read_symlink(link), "/dev/pts/2");
    ::unlink(link.c_str());
}

TEST(Pty, ReplaceSymlinkErrorNamesThePath) {
    try {
        replace_symlink("/dev/null", "/nonexistent-dir/link");
        FAIL() << "no error";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), ENOENT);
        EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/link"), std::string::npos) << e.what();
    }
}

TEST(Serial, OpensPtySlaveRawAtEachSpeed) {
    for (std::uint32_t speed : {9600u, 19200u, 57600u, 115200u, 230400u, 460800u, 921600u, 4000000u}) {
        SCOPED_TRACE(speed);
        Pty pty = open_pty();
        Fd fd = open_serial(pty.slave_path, SerialSettings{speed, true, false});
        ASSERT_TRUE(fd);
        EXPECT_TRUE(is_nonblocking(fd.get()));
        EXPECT_TRUE(is_cloexec(fd.get()));
        EXPECT_EQ(serial_speed(fd.get()), speed);
        termios tio{};
        ASSERT_EQ(::tcgetattr(fd.get(), &tio), 0);
        EXPECT_EQ(tio.c_cflag & CSIZE, static_cast<tcflag_t>(CS8));
        EXPECT_EQ(tio.c_cflag & (PARENB | CSTOPB), 0u);
        EXPECT_TRUE(tio.c_cflag & CREAD);
        EXPECT_TRUE(tio.c_cflag & HUPCL);
        EXPECT_EQ(tio.c_lflag & (ICANON | ECHO | ISIG | IEXTEN), 0u);
        EXPECT_EQ(tio.c_iflag & (IXON | IXOFF | ICRNL | INLCR | ISTRIP), 0u);
        EXPECT_EQ(tio.c_oflag & OPOST, 0u);
        int excl = 0;
        ASSERT_EQ(::ioctl(fd.get(), TIOCGEXCL, &excl), 0);
        EXPECT_EQ(excl, 1);
    }
}

// (A fresh pty per open: TIOCEXCL stays set on a pty slave while its master
// is open, so a second open would need root.)
TEST(Serial, FlowControlAndLocalFlags) {
    {
        Pty pty = open_pty();
        Fd fd = open_serial(pty.slave_path, SerialSettings{std::nullopt, false, true});
        termios tio{};
        ASSERT_EQ(::tcgetattr(fd.get(), &tio), 0);
        EXPECT_TRUE(tio.c_cflag & CLOCAL);
        EXPECT_FALSE(tio.c_cflag & CRTSCTS);
    }
    {
        Pty pty = open_pty();
        Fd fd = open_serial(pty.slave_path, SerialSettings{std::nullopt, true, false});
        termios tio{};
        ASSERT_EQ(::tcgetattr(fd.get(), &tio), 0);
        EXPECT_FALSE(tio.c_cflag & CLOCAL);
        EXPECT_TRUE(tio.c_cflag & CRTSCTS);
    }
}

TEST(Serial, XonxoffSetsSoftwareFlowControl) {
    {
        Pty pty = open_pty();
        SerialSettings settings;
        settings.xonxoff = true;
        Fd fd = open_serial(pty.slave_path, settings);
        termios tio{};
        ASSERT_EQ(::tcgetattr(fd.get(), &tio), 0);
        EXPECT_EQ(tio.c_iflag & (IXON | IXOFF), static_cast<tcflag_t>(IXON | IXOFF));
        EXPECT_EQ(tio.c_cc[VSTART], 0x11);
        EXPECT_EQ(tio.c_cc[VSTOP], 0x13);
        EXPECT_FALSE(tio.c_cflag & CRTSCTS);
        EXPECT_EQ(tio.c_lflag & (ICANON | ECHO | ISIG), 0u) << "still raw otherwise";
    }
    {
        Pty pty = open_pty();
        Fd fd = open_serial(pty.slave_path, SerialSettings{});
        termios tio{};
        ASSERT_EQ(::tcgetattr(fd.get(), &tio), 0);
        EXPECT_EQ(tio.c_iflag & (IXON | IXOFF), 0u);
    }
}

TEST(Serial, NoSpeedKeepsTheCurrentOne) {
    Pty pty = open_pty();
    termios tio{};
    ASSERT_EQ(::tcgetattr(pty.master.get(), &tio), 0);
    ASSERT_EQ(::cfsetspeed(&tio, B57600), 0);
    ASSERT_EQ(::tcsetattr(pty.master.get(), TCSANOW, &tio), 0);
    Fd fd = open_serial(pty.slave_path, SerialSettings{});
    EXPECT_EQ(serial_speed(fd.get()), 57600u);
}

TEST(Serial, UnsupportedSpeedIsAnErrorNamingThePath) {
    Pty pty = open_pty();
    try {
        Fd fd = open_serial(pty.slave_path, SerialSettings{12345, false, false});
        FAIL() << "speed 12345 accepted";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), EINVAL);
        EXPECT_NE(std::string(e.what()).find(pty.slave_path), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("12345"), std::string::npos) << e.what();
    }
}

TEST(Serial, MissingDeviceErrorNamesThePath) {
    try {
        Fd fd = open_serial("/dev/ttyNONEXISTENT9", SerialSettings{});
        FAIL() << "opened a missing device";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), ENOENT);
        EXPECT_NE(std::string(e.what()).find("/dev/ttyNONEXISTENT9"), std::string::npos) << e.what();
    }
}

TEST(Serial, NotATerminalIsAnError) {
    try {
        Fd fd = open_serial("/dev/null", SerialSettings{});
        FAIL() << "/dev/null accepted as a terminal";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), ENOTTY);
        EXPECT_NE(std::string(e.what()).find("/dev/null"), std::string::npos) << e.what();
    }
}

TEST(Serial, HangupKeepsTheSettings) {
    Pty pty = open_pty();
    Fd fd = open_serial(pty.slave_path, SerialSettings{38400, false, false});
    hangup_serial(fd.get());
    EXPECT_EQ(serial_speed(fd.get()), 38400u);
    hangup_serial(-1);  // errors are ignored
    EXPECT_EQ(serial_speed(-1), 0u);
}

TEST(Serial, SlaveDataReachesMaster) {
    EventLoop loop;
    Pty pty = open_pty();
    Fd fd = open_serial(pty.slave_path, SerialSettings{115200, false, true});
    const std::string bytes = all_byte_values();
    ASSERT_EQ(::write(fd.get(), bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    EXPECT_EQ(read_through_loop(loop, pty.master.get(), bytes.size()), bytes);
}

// Runs `command` on the pty slave and collects what it writes to the master
// until it has exited and `end` was seen.
struct CommandRun {
    std::string output;
    int code = 0, status = 0;
    pid_t pid = 0;
};

CommandRun run_on_pty(const std::string& command, const std::map<std::string, std::string>& env = {},
                      int stderr_fd = -1, int* tty_fd_out = nullptr) {
    EventLoop loop;
    Pty pty = open_pty();
    Fd tty = open_serial(pty.slave_path, SerialSettings{});
    CommandRun run;
    bool exited = false;
    const std::string end = "END";
    auto check_done = [&] {
        if (exited && run.output.size() >= end.size() && run.output.ends_with(end)) loop.exit(0);
    };
    Source io = loop.add_io(pty.master.get(), EPOLLIN, [&](std::uint32_t) {
        char buf[512];
        const ssize_t n = ::read(pty.master.get(), buf, sizeof buf);
        if (n > 0) run.output.append(buf, static_cast<std::size_t>(n));
        check_done();
    });
    run.pid = spawn_on_tty(command + "; printf END", tty.get(), env, stderr_fd);
    EXPECT_EQ(::getpgid(run.pid), run.pid) << "the child is not in its own process group";
    Source child = loop.add_child(run.pid, [&](int c, int s) {
        run.code = c;
        run.status = s;
        exited = true;
        check_done();
    });
    EXPECT_TRUE(run_loop(loop)) << "output so far: " << run.output;
    if (tty_fd_out) *tty_fd_out = is_nonblocking(tty.get()) ? 1 : 0;
    if (run.output.ends_with(end)) run.output.resize(run.output.size() - end.size());
    return run;
}

TEST(Command, OutputArrivesAtTheMaster) {
    const CommandRun run = run_on_pty("printf hello");
    EXPECT_EQ(run.output, "hello");
    EXPECT_EQ(run.code, CLD_EXITED);
    EXPECT_EQ(run.status, 0);
}

TEST(Command, InputComesFromTheTty) {
    // The command reads a line from its stdin, which is the slave: written by the master.
    EventLoop loop;
    Pty pty = open_pty();
    Fd tty = open_serial(pty.slave_path, SerialSettings{});
    std::string output;
    bool exited = false;
    Source io = loop.add_io(pty.master.get(), EPOLLIN, [&](std::uint32_t) {
        char buf[256];
        const ssize_t n = ::read(pty.master.get(), buf, sizeof buf);
        if (n > 0) output.append(buf, static_cast<std::size_t>(n));
        if (exited && output.ends_with("!")) loop.exit(0);
    });
    const pid_t pid = spawn_on_tty("read line; printf '<%s>!' \"$line\"", tty.get(), {});
    Source child = loop.add_child(pid, [&](int, int) {
        exited = true;
        if (output.ends_with("!")) loop.exit(0);
    });
    ASSERT_EQ(::write(pty.master.get(), "ATZ\n", 4), 4);
    ASSERT_TRUE(run_loop(loop)) << output;
    EXPECT_EQ(output, "<ATZ>!");
}

TEST(Command, ExitStatusIsReported) {
    EventLoop loop;
    Pty pty = open_pty();
    Fd tty = open_serial(pty.slave_path, SerialSettings{});
    int code = 0, status = 0;
    const pid_t pid = spawn_on_tty("exit 5", tty.get(), {});
    Source child = loop.add_child(pid, [&](int c, int s) {
        code = c;
        status = s;
        loop.exit(0);
    });
    ASSERT_TRUE(run_loop(loop));
    EXPECT_EQ(code, CLD_EXITED);
    EXPECT_EQ(status, 5);
}

TEST(Command, EnvironmentIsAdded) {
    ::setenv("PPPKIT_TEST_OVERRIDDEN", "old", 1);
    const CommandRun run = run_on_pty("printf '%s,%s' \"$GREETING\" \"$PPPKIT_TEST_OVERRIDDEN\"",
                                      {{"GREETING", "hello"}, {"PPPKIT_TEST_OVERRIDDEN", "new"}});
    ::unsetenv("PPPKIT_TEST_OVERRIDDEN");
    EXPECT_EQ(run.output, "hello,new");
}

TEST(Command, StderrGoesToTheGivenFd) {
    int p[2];
    ASSERT_EQ(::pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
    Fd rd(p[0]), wr(p[1]);
    const CommandRun run = run_on_pty("echo oops >&2; printf out", {}, wr.get());
    EXPECT_EQ(run.output, "out");
    wr.reset();
    char buf[64];
    const ssize_t n = ::read(rd.get(), buf, sizeof buf);
    ASSERT_GT(n, 0);
    EXPECT_EQ(std::string(buf, static_cast<std::size_t>(n)), "oops\n");
}

TEST(Command, StderrDefaultsToDevNull) {
    const CommandRun run = run_on_pty("echo oops >&2; readlink /proc/self/fd/2");
    EXPECT_EQ(run.output, "/dev/null\n");
}

TEST(Command, OnlyTheStandardFdsAreOpen) {
    // A descriptor the parent leaks (no close-on-exec) must not reach the command.
    Fd null_fd(::open("/dev/null", O_RDONLY));  // no O_CLOEXEC
    ASSERT_TRUE(null_fd);
    Fd leaked(::fcntl(null_fd.get(), F_DUPFD, 40));
    ASSERT_TRUE(leaked);
    const std::string path = "/proc/$$/fd/" + std::to_string(leaked.get());
    const CommandRun run = run_on_pty("if [ -e " + path + " ]; then printf leaked; else printf closed; fi; "
                                      "for f in 0 1 2; do [ -e /proc/$$/fd/$f ] && printf \" $f\"; done");
    EXPECT_EQ(run.output, "closed 0 1 2");
}

TEST(Command, SignalsAreReset) {
    // The parent blocks SIGCHLD (EventLoop), SIGUSR2 and ignores SIGPIPE:
    // the command starts with an empty mask and default dispositions.
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR2);
    ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, &block, nullptr), 0);
    auto* previous = ::signal(SIGPIPE, SIG_IGN);
    const CommandRun run = run_on_pty("grep -E '^Sig(Blk|Ign)' /proc/self/status");
    ::signal(SIGPIPE, previous);
    ASSERT_EQ(::pthread_sigmask(SIG_UNBLOCK, &block, nullptr), 0);
    EXPECT_EQ(run.output, "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n");
}

TEST(Command, StdinIsBlocking) {
    const CommandRun run = run_on_pty(
        "flags=$(awk '/^flags/ {print $2}' /proc/self/fdinfo/0); printf '%s' $(( (0$flags & 04000) != 0 ))");
    EXPECT_EQ(run.output, "0");
}

TEST(Command, ParentTtyStaysNonblockingAsRoot) {
    if (::geteuid() != 0) GTEST_SKIP() << "reopening a TIOCEXCL tty for the command needs root";
    int nonblocking = -1;
    const CommandRun run = run_on_pty("printf x", {}, -1, &nonblocking);
    EXPECT_EQ(run.output, "x");
    EXPECT_EQ(nonblocking, 1);
}

TEST(Command, BadTtyIsAnError) {
    EXPECT_THROW(spawn_on_tty("true", -1, {}), std::system_error);
}

}  // namespace
}  // namespace ppp::io
