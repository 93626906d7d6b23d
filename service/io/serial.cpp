#include "io/serial.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <utility>

namespace ppp::io {
namespace {

constexpr std::pair<std::uint32_t, speed_t> kSpeeds[] = {
    {50, B50},         {75, B75},         {110, B110},       {134, B134},       {150, B150},
    {200, B200},       {300, B300},       {600, B600},       {1200, B1200},     {1800, B1800},
    {2400, B2400},     {4800, B4800},     {9600, B9600},     {19200, B19200},   {38400, B38400},
    {57600, B57600},   {115200, B115200}, {230400, B230400}, {460800, B460800}, {500000, B500000},
    {576000, B576000}, {921600, B921600}, {1000000, B1000000}, {1152000, B1152000}, {1500000, B1500000},
    {2000000, B2000000}, {2500000, B2500000}, {3000000, B3000000}, {3500000, B3500000}, {4000000, B4000000},
};

constexpr long kDtrDropNanoseconds = 100'000'000;

std::optional<speed_t> speed_code(std::uint32_t bps) {
    for (auto [b, code] : kSpeeds)
        if (b == bps) return code;
    return std::nullopt;
}

}  // namespace

Fd open_serial(const std::string& path, const SerialSettings& settings) {
    std::optional<speed_t> code;
    if (settings.speed) {
        code = speed_code(*settings.speed);
        if (!code) throw_errno(EINVAL, path + ": unsupported speed " + std::to_string(*settings.speed));
    }
    Fd fd(::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!fd) throw_errno("cannot open " + path);
    termios tio{};
    if (::tcgetattr(fd.get(), &tio) < 0) throw_errno(path + " is not a terminal");
    if (::ioctl(fd.get(), TIOCEXCL) < 0) throw_errno("cannot get exclusive use of " + path);
    // Raw 8N1: no echo, no line editing, no character translation, no
    // software flow control unless asked for; the receiver on; hang up on
    // last close.
    cfmakeraw(&tio);
    tio.c_iflag = IGNBRK | IGNPAR;
    tio.c_oflag = 0;
    tio.c_lflag = 0;
    tio.c_cflag &= ~(CSIZE | PARENB | CSTOPB | CRTSCTS | CLOCAL);
    tio.c_cflag |= CS8 | CREAD | HUPCL;
    if (settings.crtscts) tio.c_cflag |= CRTSCTS;
    if (settings.local) tio.c_cflag |= CLOCAL;
    if (settings.xonxoff) {
        // The tty stops sending on ^S and resumes on ^Q from the peer, and
        // sends them itself when its input fills (the peer escapes both).
        tio.c_iflag |= IXON | IXOFF;
        tio.c_cc[VSTART] = 0x11;
        tio.c_cc[VSTOP] = 0x13;
    }
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    if (code && ::cfsetspeed(&tio, *code) < 0) throw_errno(path + ": cannot set speed " + std::to_string(*settings.speed));
    if (::tcsetattr(fd.get(), TCSAFLUSH, &tio) < 0) throw_errno("cannot set line settings of " + path);
    return fd;
}

void set_local_mode(int fd, bool local) {
    termios tio{};
    if (::tcgetattr(fd, &tio) < 0) throw_errno("cannot read the line settings");
    if (local)
        tio.c_cflag |= CLOCAL;
    else
        tio.c_cflag &= ~static_cast<tcflag_t>(CLOCAL);
    if (::tcsetattr(fd, TCSANOW, &tio) < 0) throw_errno("cannot set the line settings");
}

void hangup_serial(int fd) {
    termios tio{};
    if (::tcgetattr(fd, &tio) < 0) return;
    // Speed 0 drops DTR (and RTS); a modem needs the line low for some
    // milliseconds to notice, so it is held briefly before restoring.
    termios dropped = tio;
    ::cfsetspeed(&dropped, B0);
    if (::tcsetattr(fd, TCSANOW, &dropped) == 0) {
        timespec hold{0, kDtrDropNanoseconds};
        while (::nanosleep(&hold, &hold) < 0 && errno == EINTR) {
        }
    }
    ::tcsetattr(fd, TCSANOW, &tio);
}

bool send_break(int fd) { return ::tcsendbreak(fd, 0) == 0; }

std::uint32_t serial_speed(int fd) {
    termios tio{};
    if (::tcgetattr(fd, &tio) < 0) return 0;
    const speed_t code = cfgetospeed(&tio);
    for (auto [bps, c] : kSpeeds)
        if (c == code) return bps;
    return 0;
}

}  // namespace ppp::io
